import type { Ajv } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TEMPLATE_FILES, type TemplateName } from '../../scripts/infra/templates';
import { createArmValidator, describeErrors, validatorFor } from './arm-schemas';
import { committedTemplate, repoText } from './templates';

const parameterFileSchema = z.object({
  $schema: z.string(),
  parameters: z.record(z.string(), z.object({ value: z.unknown() })),
});
const templateParametersSchema = z.record(
  z.string(),
  z.looseObject({
    type: z.string(),
    defaultValue: z.unknown().optional(),
    allowedValues: z.array(z.unknown()).optional(),
  }),
);

let ajv: Ajv;

beforeAll(() => {
  ajv = createArmValidator();
});

describe('example parameter files beside each template', () => {
  it.each(Object.keys(TEMPLATE_FILES) as TemplateName[])(
    '%s: the example is a valid parameter file that gives every required parameter',
    (name) => {
      const path = TEMPLATE_FILES[name].replace(/\.json$/, '.parameters.example.json');
      const file = parameterFileSchema.parse(JSON.parse(repoText(path)) as unknown);
      const check = validatorFor(ajv, file.$schema);
      expect(check(JSON.parse(repoText(path)) as unknown), describeErrors(check.errors)).toBe(true);

      const declared = templateParametersSchema.parse(committedTemplate(name).parameters);
      for (const [parameter, { value }] of Object.entries(file.parameters)) {
        const spec = declared[parameter];
        expect(
          spec,
          `${path} sets ${parameter}, which the template does not declare`,
        ).toBeDefined();
        if (spec?.allowedValues) expect(spec.allowedValues).toContain(value);
      }
      for (const [parameter, spec] of Object.entries(declared)) {
        if (spec.defaultValue === undefined) expect(file.parameters).toHaveProperty([parameter]);
      }
    },
  );
});
