// Two real OpenID providers (panva's certified oidc-provider) for Polku's single sign-on
// tests, on free localhost ports:
//   staff    – the organisation's provider: preferred_username, given/family name, roles,
//              organization;
//   resident – "strong identification" (as Suomi.fi e-Identification): the personal
//              identity code as the `hetu` claim (scope personal_identity_code), names.
// Sign-in is oidc-provider's own development interaction (a login form taking any account
// name below, then a consent form), submitted by the tests over plain HTTP.
//
// Usage: POLKU_URL=http://127.0.0.1:8080 node provider.mjs
// Prints one JSON line {"staff": "<issuer>", "resident": "<issuer>"} when both listen,
// and runs until killed. Clients: polku-staff / staff-secret and polku-resident /
// resident-secret, redirect URI <POLKU_URL>/auth/callback.

import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const polku = (process.env.POLKU_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');

const STAFF = {
  'anna.sso': {
    preferred_username: 'anna.sso', given_name: 'Anna', family_name: 'Sso',
    roles: ['catalog_editor', 'planner'],
  },
  'pertti.pro': {
    preferred_username: 'pertti.pro', given_name: 'Pertti', family_name: 'Professional',
    roles: ['professional', 'some_other_system_role'], organization: process.env.OIDC_ORGANIZATION ?? 'org-itauusimaa',
  },
  'aino.auditor': {
    preferred_username: 'aino.auditor', given_name: 'Aino', family_name: 'Auditor', roles: 'auditor',
  },
};

const RESIDENTS = {
  // Valid codes (checksums right); the last one is not a valid code.
  'resident-1': { hetu: '131052-308T', given_name: 'Maija', family_name: 'Meikäläinen' },
  'resident-2': { hetu: '010594Y9032', given_name: 'Matti', family_name: 'Virtanen' },
  'resident-bad': { hetu: '131052-308X', given_name: 'Bad', family_name: 'Code' },
};

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), alg: 'RS256', use: 'sig' };
}

async function start(name, accounts, client, claims) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{
      ...client,
      redirect_uris: [`${polku}/auth/callback`],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims,
    // The scopes' claims in the id_token itself, as Polku reads them there.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      if (!account) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...account }; } };
    },
  });
  provider.on('server_error', (_ctx, err) => console.error(`${name}: server_error`, err));
  server.on('request', provider.callback());
  return issuer;
}

const staff = await start('staff', STAFF, { client_id: 'polku-staff', client_secret: 'staff-secret' }, {
  openid: ['sub', 'roles', 'organization'],
  profile: ['preferred_username', 'given_name', 'family_name'],
});
const resident = await start('resident', RESIDENTS, { client_id: 'polku-resident', client_secret: 'resident-secret' }, {
  openid: ['sub'],
  profile: ['given_name', 'family_name'],
  personal_identity_code: ['hetu'],
});
console.log(JSON.stringify({ staff, resident }));
