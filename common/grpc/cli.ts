import { EXIT, requireString, optionalString, type CommandGroup } from '../cli/index.js';
import { InvalidArgumentError } from '../errors/index.js';
import { loadTlsIdentity, ROLES, type Role } from '../pki/index.js';
import { checkHealth } from './health-client.js';

/** `vigil health`: probes a running coordinator or edge node over mTLS. */
export const healthCommands: CommandGroup = {
  name: 'health',
  summary: 'check a running coordinator or edge node (grpc.health.v1 over mTLS)',
  commands: [
    {
      name: 'check',
      summary: 'call grpc.health.v1 Check and print the serving status',
      details: 'Exit 0 when SERVING, 1 when reachable but not serving, 3 when unreachable, 4 when refused.',
      options: {
        address: { type: 'string', description: 'host:port of the server', valueName: 'ADDR' },
        identity: { type: 'string', description: 'identity directory with ca.crt, cert.pem, key.pem (e.g. PKI/gateway/gw-icu)', valueName: 'DIR' },
        role: { type: 'string', description: `role the server must have (${ROLES.join(', ')})`, default: 'edge', valueName: 'ROLE' },
        service: { type: 'string', description: "service name (empty = the whole server), e.g. vigil.v1.Scoring", default: '', valueName: 'NAME' },
        timeout: { type: 'string', description: 'deadline in milliseconds', default: '5000', valueName: 'MS' },
      },
      async run(args, context) {
        const role = optionalString(args, 'role') ?? 'edge';
        if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError([{ field: '--role', description: `must be one of ${ROLES.join(', ')}` }]);
        const timeoutMs = Number(optionalString(args, 'timeout') ?? '5000');
        if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new InvalidArgumentError([{ field: '--timeout', description: 'must be a positive integer' }]);
        const tls = loadTlsIdentity(requireString(args, 'identity'));
        const status = await checkHealth(requireString(args, 'address'), { tls, expectedServerRole: role as Role }, optionalString(args, 'service') ?? '', timeoutMs);
        context.stdout.write(`${status}\n`);
        return status === 'SERVING' ? EXIT.OK : EXIT.CHECK_FAILED;
      },
    },
  ],
};
