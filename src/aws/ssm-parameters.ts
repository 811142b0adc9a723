// Reads and writes the Parameter Store parameters of the push lock and the push record: String parameters of the
// standard tier, one at a time. `create` relies on PutParameter with Overwrite false, which SSM applies only when
// the name is free: of two clones creating the lock at the same moment, exactly one succeeds.
import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { toUserError } from './errors.js';
import { escapeUntrusted } from '../core/untrusted-text.js';

export const SSM_ACTIONS = {
  getParameter: 'ssm:GetParameter',
  putParameter: 'ssm:PutParameter',
  deleteParameter: 'ssm:DeleteParameter',
} as const;

/** Every SSM action push calls: what the operator's identity needs on the project's parameters. */
export const SSM_IAM_PERMISSIONS: readonly string[] = Object.freeze(Object.values(SSM_ACTIONS));

export interface StoredParameter {
  value: string;
  version: number;
  /** When SSM last wrote it (its own clock), if it said. */
  lastModified?: Date;
}

// SSM refuses concurrent writes of one parameter with TooManyUpdates; it is safe to send the same write again.
const TOO_MANY_UPDATES = 'TooManyUpdates';
const UPDATE_ATTEMPTS = 4;
const UPDATE_RETRY_MS = 200;

export class SsmParameters {
  constructor(private readonly ssm: SSMClient) {}

  /** Undefined when the parameter does not exist. */
  async get(name: string): Promise<StoredParameter | undefined> {
    try {
      const { Parameter: parameter } = await this.ssm.send(new GetParameterCommand({ Name: name }));
      if (parameter?.Value === undefined) throw new Error(`AWS response is missing the value of SSM parameter ${name}`);
      return { value: parameter.Value, version: parameter.Version ?? 0, ...(parameter.LastModifiedDate ? { lastModified: parameter.LastModifiedDate } : {}) };
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
      throw toUserError(error, { action: SSM_ACTIONS.getParameter, resource: parameterResource(name) });
    }
  }

  /** Writes the parameter only if no parameter of that name exists. */
  async create(name: string, value: string): Promise<'created' | 'exists'> {
    try {
      await this.write(name, value, false);
      return 'created';
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterAlreadyExists') return 'exists';
      throw toUserError(error, { action: SSM_ACTIONS.putParameter, resource: parameterResource(name) });
    }
  }

  async put(name: string, value: string): Promise<void> {
    try {
      await this.write(name, value, true);
    } catch (error) {
      throw toUserError(error, { action: SSM_ACTIONS.putParameter, resource: parameterResource(name) });
    }
  }

  async delete(name: string): Promise<'deleted' | 'absent'> {
    try {
      await this.ssm.send(new DeleteParameterCommand({ Name: name }));
      return 'deleted';
    } catch (error) {
      if (error instanceof Error && error.name === 'ParameterNotFound') return 'absent';
      throw toUserError(error, { action: SSM_ACTIONS.deleteParameter, resource: parameterResource(name) });
    }
  }

  private async write(name: string, value: string, overwrite: boolean): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Tier: 'Standard', Overwrite: overwrite }));
        return;
      } catch (error) {
        if (!(error instanceof Error) || error.name !== TOO_MANY_UPDATES || attempt >= UPDATE_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, UPDATE_RETRY_MS * attempt));
      }
    }
  }
}

function parameterResource(name: string): string {
  return `SSM parameter ${escapeUntrusted(name)}`;
}
