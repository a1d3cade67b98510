/** Global setup for the suite; shared services register their start and stop here. */
export default function setup(): () => Promise<void> {
  return async () => {
    /* nothing to stop yet */
  };
}
