/** An event in the Event Grid schema, as a webhook subscriber receives it. */
export interface EventGridEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: string;
  eventTime: string;
  data: Record<string, unknown>;
  dataVersion: string;
  metadataVersion: string;
}
