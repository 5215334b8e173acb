import { EXIT, requireString, optionalString, type CommandGroup } from '../cli/index.js';
import { InvalidArgumentError } from '../errors/index.js';
import { ROLES, type Role } from './identity.js';
import { initPki, issueIdentity } from './pki-files.js';

/** `vigil pki`: the private CA and the certificates of every party. */
export const pkiCommands: CommandGroup = {
  name: 'pki',
  summary: 'create the private CA and issue mTLS certificates',
  commands: [
    {
      name: 'init',
      summary: 'create a private CA and certificates for a coordinator, edge nodes, gateways and clinicians',
      details: 'Layout: DIR/ca.crt, DIR/ca.key (0600), DIR/<role>/<name>/{ca.crt,cert.pem,key.pem}. Roles are in SAN URIs spiffe://vigil/<role>/<name>.',
      options: {
        out: { type: 'string', description: 'directory to create', valueName: 'DIR' },
        sites: { type: 'string', description: 'comma-separated site names (one edge node and one gateway each)', default: 'childrens-hospital,adult-clinic,home-care,icu', valueName: 'LIST' },
        clinicians: { type: 'string', description: 'number of clinician certificates', default: '2', valueName: 'N' },
        force: { type: 'boolean', description: 'replace an existing CA in DIR' },
      },
      async run(args, context) {
        const out = requireString(args, 'out');
        const sites = (optionalString(args, 'sites') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
        const clinicians = Number(optionalString(args, 'clinicians') ?? '2');
        if (!Number.isInteger(clinicians) || clinicians < 0 || clinicians > 100) throw new InvalidArgumentError([{ field: '--clinicians', description: 'must be an integer in [0, 100]' }]);
        const issued = await initPki({ outDir: out, sites, clinicians, force: args.values['force'] === true });
        context.stdout.write(`created CA ${out}/ca.crt\n`);
        for (const item of issued) context.stdout.write(`issued ${item.role.padEnd(11)} ${item.name.padEnd(24)} ${item.dir}\n`);
        return EXIT.OK;
      },
    },
    {
      name: 'issue',
      summary: 'issue one more certificate from an existing CA',
      options: {
        pki: { type: 'string', description: 'PKI directory made by pki init', valueName: 'DIR' },
        role: { type: 'string', description: `one of ${ROLES.join(', ')}`, valueName: 'ROLE' },
        name: { type: 'string', description: 'site, gateway or staff id', valueName: 'NAME' },
        days: { type: 'string', description: 'validity in days', default: '825', valueName: 'N' },
      },
      async run(args, context) {
        const role = requireString(args, 'role');
        if (!(ROLES as readonly string[]).includes(role)) throw new InvalidArgumentError([{ field: '--role', description: `must be one of ${ROLES.join(', ')}` }]);
        const days = Number(optionalString(args, 'days') ?? '825');
        if (!Number.isInteger(days) || days < 1 || days > 3650) throw new InvalidArgumentError([{ field: '--days', description: 'must be an integer in [1, 3650]' }]);
        const name = requireString(args, 'name');
        let issued;
        try {
          issued = await issueIdentity(requireString(args, 'pki'), { role: role as Role, name, days });
        } catch (error) {
          if (error instanceof TypeError) throw new InvalidArgumentError([{ field: '--name', description: error.message }]);
          throw error;
        }
        context.stdout.write(`issued ${issued.role} ${issued.name} ${issued.dir}\n`);
        return EXIT.OK;
      },
    },
  ],
};
