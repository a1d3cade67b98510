import { generate } from 'selfsigned';

export interface SimulatorTls {
  /** PEM of the CA clients trust (`tlsOptions: { ca }`). */
  ca: string;
  /** PEM of the server certificate, signed by the CA. */
  cert: string;
  /** PEM of the server's private key. */
  key: string;
}

/**
 * A CA and a server certificate it signs, made fresh at every start, for 127.0.0.1, localhost
 * and any extra host names (e.g. `*.vault.localhost`).
 */
export async function createSimulatorTls(hostnames: readonly string[] = []): Promise<SimulatorTls> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(Date.now() + 7 * 24 * 3600_000);
  const ca = await generate([{ name: 'commonName', value: 'ward simulator CA' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      {
        name: 'keyUsage',
        keyCertSign: true,
        cRLSign: true,
        digitalSignature: true,
        critical: true,
      },
    ],
  });
  const names = ['localhost', ...hostnames];
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.map((value) => ({ type: 2 as const, value })),
          { type: 7 as const, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { ca: ca.cert, cert: server.cert, key: server.private };
}
