// What both vendor scripts keep of a published OpenAPI description: the operations an adapter
// calls, requests verbatim (what the stand-in validates), responses reduced to their
// descriptions, written to the stand-in's spec folder.
import { writeFileSync } from 'node:fs';
import { URL } from 'node:url';

/** `wanted`: path → methods. */
export function pickOperations(spec, wanted) {
  const paths = {};
  for (const [path, methods] of Object.entries(wanted)) {
    paths[path] = {};
    for (const method of methods) {
      const operation = spec.paths[path][method];
      const responses = Object.fromEntries(
        Object.entries(operation.responses).map(([code, r]) => [
          code,
          { description: r.description ?? '' },
        ]),
      );
      paths[path][method] = { ...operation, responses };
    }
  }
  return paths;
}

/** Writes `specs/{file}` as the stand-ins read it. */
export function writeStandInSpec(file, description) {
  writeFileSync(
    new URL(`../../src/demo/ticket-standins/specs/${file}`, import.meta.url),
    JSON.stringify(description, null, 1) + '\n',
  );
}
