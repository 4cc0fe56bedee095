/**
 * The cluster's mutual-TLS material: a private CA, the frontend's server certificate, a client
 * certificate for the app and one for Temporal's own system worker. Made with the openssl command (Node's
 * crypto makes keys but cannot sign certificates). Kept across restarts, so a client that copied them
 * keeps working; delete the folder to rotate everything.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, OWNER_ONLY_DIR, OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { ClusterError, type Log } from './errors';

export interface ClusterCertificates {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  systemWorkerCert: string;
  systemWorkerKey: string;
}

/** The name the frontend's certificate is issued to; clients that dial 127.0.0.1 override to it. */
export const SERVER_NAME = 'localhost';

export function certificatePaths(dir: string): ClusterCertificates {
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    ca: file('ca.pem'),
    serverCert: file('frontend.pem'),
    serverKey: file('frontend-key.pem'),
    clientCert: file('client.pem'),
    clientKey: file('client-key.pem'),
    systemWorkerCert: file('system-worker.pem'),
    systemWorkerKey: file('system-worker-key.pem'),
  };
}

function openssl(args: string[], what: string): void {
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.error) throw new ClusterError(`Making the cluster's TLS certificates needs the \`openssl\` command (apt-get install openssl): ${r.error.message}`);
  if (r.status !== 0) throw new ClusterError(`openssl could not make ${what} (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(-1500)}`);
}

const KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];

/** A key and a certificate signed by the CA; `extensions` in openssl's x509v3 config syntax. */
function issue(p: ClusterCertificates, caKey: string, cert: string, key: string, cn: string, extensions: string[]): void {
  const csr = `${cert}.csr`;
  const ext = `${cert}.ext`;
  try {
    openssl(['req', ...KEY, '-keyout', key, '-out', csr, '-subj', `/CN=${cn}`], `the key of ${cn}`);
    fs.writeFileSync(ext, `${extensions.join('\n')}\n`, { mode: OWNER_ONLY_FILE });
    const serial = `0x${crypto.randomBytes(16).toString('hex')}`;
    openssl(['x509', '-req', '-in', csr, '-CA', p.ca, '-CAkey', caKey, '-set_serial', serial, '-days', '825', '-sha256', '-extfile', ext, '-out', cert], `the certificate of ${cn}`);
  } finally {
    fs.rmSync(csr, { force: true });
    fs.rmSync(ext, { force: true });
  }
}

/** The certificates in `dir`, made when any is missing (then all are made again, under a new CA). */
export function ensureCertificates(dir: string, log: Log): ClusterCertificates {
  const p = certificatePaths(dir);
  const caKey = path.join(dir, 'ca-key.pem');
  const files = [p.ca, caKey, p.serverCert, p.serverKey, p.clientCert, p.clientKey, p.systemWorkerCert, p.systemWorkerKey];
  makePrivateDir(dir);
  fs.chmodSync(dir, OWNER_ONLY_DIR);
  if (files.every((f) => fs.existsSync(f))) {
    log(`Using the TLS certificates in ${dir}.`);
    return p;
  }
  log(`Making a CA and the frontend, client and system-worker certificates in ${dir} (openssl)…`);
  const client = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'];
  openssl(
    ['req', '-x509', ...KEY, '-keyout', caKey, '-out', p.ca, '-days', '3650', '-sha256', '-subj', '/CN=Denial orchestrator Temporal cluster CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'],
    'the CA',
  );
  issue(p, caKey, p.serverCert, p.serverKey, SERVER_NAME, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=DNS:${SERVER_NAME},IP:127.0.0.1`,
  ]);
  issue(p, caKey, p.clientCert, p.clientKey, 'denials-app', client);
  issue(p, caKey, p.systemWorkerCert, p.systemWorkerKey, 'temporal-system-worker', client);
  // openssl follows the umask; the keys and the CA must be the owner's only whatever it was.
  for (const f of files) fs.chmodSync(f, OWNER_ONLY_FILE);
  return p;
}
