import type { RuleMetadata } from '../../domain';

export const metadata: RuleMetadata = {
  id: 'ml-compute-idle-shutdown',
  title: 'Azure ML compute instances shut down when idle',
  severity: 'low',
  resourceTypes: ['Microsoft.MachineLearningServices/workspaces/computes'],
  rationale:
    'A compute instance left running after work stops keeps costing money and keeps an ' +
    'authenticated, often GPU-backed machine reachable for nobody in particular. For a data ' +
    'scientist: idle shutdown only stops the instance after the configured period without ' +
    'activity; your files stay and you start it again when needed. For an ops engineer: it is ' +
    'set in place through updateIdleShutdownSetting, without recreating anything. Clusters are ' +
    'out of scope: they scale down through their own scale settings.',
  defaultMode: 'auto',
  remedy: {
    actionId: 'ml-compute-set-idle-shutdown',
    summary:
      'Set the configured idle time before shutdown through POST ' +
      '.../computes/{name}/updateIdleShutdownSetting (e.g. {"idleTimeBeforeShutdown": "PT120M"}).',
  },
  references: {
    azurePolicy: [
      {
        id: '679ddf89-ab8f-48a5-9029-e76054077449',
        displayName: 'Azure Machine Learning Compute Instance should have idle shutdown.',
      },
    ],
    prowler: [],
    docs: ['https://learn.microsoft.com/azure/machine-learning/how-to-create-compute-instance'],
  },
};
