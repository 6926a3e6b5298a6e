// The JSON files administrators and Chrome read must stay in step with the zod schemas.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLICY_KEYS, policySchemas, validatePolicyValue, type PolicyKey } from '../../../src/policy/schema';
import { THRESHOLDS } from '../../../src/settings/schema';

const root = join(__dirname, '../../..');
const readJson = (path: string): unknown => JSON.parse(readFileSync(join(root, path), 'utf8'));

interface JsonSchema {
  type?: string;
  $ref?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: unknown;
  items?: JsonSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
}

const managedSchema = readJson('src/policy/managed-schema.json') as JsonSchema;
const geckoId = /GECKO_ID\s*=\s*'([^']+)'/.exec(readFileSync(join(root, 'wxt.config.ts'), 'utf8'))?.[1];

function eachSchema(schema: JsonSchema, visit: (node: JsonSchema) => void): void {
  visit(schema);
  for (const child of Object.values(schema.properties ?? {})) eachSchema(child, visit);
  if (schema.items) eachSchema(schema.items, visit);
}

describe('managed-schema.json', () => {
  it('meets Chrome’s rules: an object at the top, no additionalProperties there, one type or $ref per schema', () => {
    expect(managedSchema.type).toBe('object');
    expect(managedSchema).not.toHaveProperty('additionalProperties');
    eachSchema(managedSchema, (node) => {
      expect(Number('type' in node) + Number('$ref' in node)).toBe(1);
    });
  });

  it('declares exactly the policy keys the extension validates', () => {
    expect(Object.keys(managedSchema.properties ?? {}).sort()).toEqual([...POLICY_KEYS].sort());
  });

  it('declares for each key the only JSON type zod accepts', () => {
    const ofType: Record<string, unknown> = { string: 'x', boolean: true, integer: 6, array: ['x'], object: {} };
    for (const key of POLICY_KEYS) {
      const declared = managedSchema.properties?.[key]?.type ?? '';
      expect(Object.keys(ofType), key).toContain(declared);
      for (const [type, value] of Object.entries(ofType)) {
        if (type !== declared) expect(policySchemas[key].safeParse(value).success, `${key} accepts ${type}`).toBe(false);
      }
    }
  });

  it('declares types only, so a wrong value reaches the extension to be reported rather than dropped by Chrome', () => {
    // Chrome withholds from storage.managed any value that fails this schema; the extension
    // would then see the key as removed, show nothing and drop the last valid value.
    eachSchema(managedSchema, (node) => {
      expect(node).not.toHaveProperty('enum');
      expect(node).not.toHaveProperty('minimum');
      expect(node).not.toHaveProperty('maximum');
    });
  });

  it('names the accepted values in the descriptions administrators read', () => {
    const described = (key: PolicyKey) => managedSchema.properties?.[key]?.description ?? '';
    for (const threshold of THRESHOLDS) expect(described('threshold')).toContain(threshold);
    expect(described('updateIntervalHours')).toMatch(/from 1 to 168 hours/);
    expect(validatePolicyValue('updateIntervalHours', 1).ok && validatePolicyValue('updateIntervalHours', 168).ok).toBe(true);
    expect(validatePolicyValue('updateIntervalHours', 0).ok || validatePolicyValue('updateIntervalHours', 169).ok).toBe(false);
  });
});

describe('policy samples', () => {
  // Sample files are loose JSON documents; each reader picks out the extension's policy object.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const samples: Record<string, (document: any) => Record<string, unknown>> = {
    'chromium-linux-policy.json': (document) => document['3rdparty'].extensions.EXTENSION_ID,
    'firefox-policies.json': (document) => document.policies['3rdparty'].Extensions[geckoId ?? ''],
    'firefox-managed-storage.json': (document) => {
      expect(document).toMatchObject({ name: geckoId, type: 'storage' });
      return document.data;
    },
  };

  it('has a check for every sample file', () => {
    expect(readdirSync(join(root, 'src/policy/samples')).sort()).toEqual(Object.keys(samples).sort());
  });

  it.each(Object.keys(samples))('%s sets every policy key, each to a valid value', (file) => {
    const values = samples[file]!(readJson(`src/policy/samples/${file}`));
    expect(Object.keys(values).sort()).toEqual([...POLICY_KEYS].sort());
    for (const [key, value] of Object.entries(values)) {
      expect(validatePolicyValue(key as PolicyKey, value), key).toMatchObject({ ok: true });
    }
  });
});
