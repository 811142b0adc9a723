// ajv (draft 2020-12) with the amplify_outputs.json 1.4 schema: every generated file is checked with it.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { expect } from 'vitest';
import { AMPLIFY_OUTPUTS_SCHEMA_V1_4 } from './amplify-outputs-schema.js';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(AMPLIFY_OUTPUTS_SCHEMA_V1_4);

/** The schema errors of a value, as `<instance path> <message>` lines; [] when valid. */
export function amplifyOutputsSchemaErrors(value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}

export function expectValidAmplifyOutputs(value: unknown): void {
  expect(amplifyOutputsSchemaErrors(value)).toEqual([]);
}
