// Redactors for tests and fake secrets that have the shape of the real thing (none is a live credential).
import { DEFAULT_REDACTION, Redactor, parseRedactionConfig, type RedactionConfig } from '../../../../src/core/redaction';

export const KEY = new Uint8Array(32).fill(7);

export function redactor(over: Partial<RedactionConfig> = {}, key: Uint8Array = KEY): Redactor {
  return new Redactor(parseRedactionConfig(over, DEFAULT_REDACTION), key);
}

export const SECRETS = {
  openai: 'sk-proj-Zq81xY2pLm4Nw7Rt0Vb3Kc6Hd9Jf5Gs1',
  anthropic: 'sk-ant-api03-Qw2Er4Ty6Ui8Op0As1Df3Gh5',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  github: 'ghp_1234567890abcdefghijklmnopqrstuvwxyzAB',
  bearer: 'Bearer x9.Yz-8_W7v6U5t4S3r2Q1p',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  pem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9\nx1y2z3\n-----END RSA PRIVATE KEY-----',
  email: 'jane.doe+test@example-mail.co.uk',
  card: '4111 1111 1111 1111',
  ssn: '123-45-6789',
  iban: 'DE89 3704 0044 0532 0130 00',
} as const;
