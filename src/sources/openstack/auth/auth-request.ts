import type { OpenStackCredential } from '../../../config/config.types.js';

// Keystone ids are 32 lower-case hex digits; anything else configured as a project is a name.
const KEYSTONE_ID = /^[0-9a-f]{32}$/;

/** The `POST /v3/auth/tokens` body for a credential (openstack.md §1.1). */
export function authRequestBody(credential: OpenStackCredential): unknown {
  if (credential.type === 'applicationCredential') {
    // An application credential fixes project and roles: no scope may be given.
    return {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: credential.id, secret: credential.secret },
        },
      },
    };
  }
  const scope =
    'system' in credential.scope
      ? { system: { all: true } }
      : KEYSTONE_ID.test(credential.scope.project)
        ? { project: { id: credential.scope.project } }
        : { project: { name: credential.scope.project, domain: { name: credential.scope.projectDomain } } };
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: credential.username,
            domain: { name: credential.userDomain },
            password: credential.password,
          },
        },
      },
      scope,
    },
  };
}

/** Names the credential without its secret: "the application credential <id>". */
export function describeCredential(credential: OpenStackCredential): string {
  return credential.type === 'applicationCredential'
    ? `the application credential ${credential.id}`
    : `the password of user ${credential.username} (domain ${credential.userDomain})`;
}
