// HTTPS_PROXY is read from the run's environment (the runtime's Google.env, envOf(db)),
// not from this process's: a run given a proxy reaches Google through it even when the
// process has none, for google-auth-library's requests and for the upload's own.
import { afterEach, describe, expect, it } from 'vitest';
import http from 'node:http';
import type net from 'node:net';
import { createOAuthClient, DEFAULT_GOOGLE_ENDPOINTS, type GoogleEnvironment } from '../../src/services/gmail/index.js';
import { askSession } from '../../src/services/mail/gmailUpload.js';

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

/** A CONNECT proxy that records each tunnel asked for and refuses it (nothing reaches Google). */
async function recordingProxy(tunnels: string[]): Promise<string> {
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, socket: net.Socket) => {
    tunnels.push(req.url ?? '');
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
}

describe('HTTPS_PROXY of the run', () => {
  it('google-auth-library’s requests and an upload session’s go through the proxy the run was given', async () => {
    expect(process.env.HTTPS_PROXY ?? process.env.https_proxy).toBeUndefined();
    const tunnels: string[] = [];
    const env = { HTTPS_PROXY: await recordingProxy(tunnels) };
    const genv: GoogleEnvironment = {
      sandbox: false,
      ...DEFAULT_GOOGLE_ENDPOINTS,
      client: { clientId: 'id', clientSecret: 'secret', source: 'env' },
      idTokenCerts: null,
      simulator: null,
      env,
    };
    const client = await createOAuthClient(genv);
    await client.revokeToken('1//un-jeton').catch(() => undefined);
    expect(tunnels).toContain('oauth2.googleapis.com:443');

    const s = await askSession('https://gmail.googleapis.com/upload/gmail/v1/users/me/messages/send?upload_id=x', 10, env, 2_000);
    expect(s.kind).toBe('unknown');
    expect(tunnels).toContain('gmail.googleapis.com:443');
  });
});
