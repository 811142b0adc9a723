// The IAM policies this project must have on the roles of one environment, from the features that need them.
// Auth alone needs none: imported roles are used as they are. Features built on the imported identity
// (storage, functions granted access to the user pool) add their policies here.
import type { ImportCandidate } from '../core/model.js';
import type { DesiredPolicy } from '../core/policy-plan.js';

export interface DesiredPolicyContext {
  projectName: string;
  envName: string;
  candidate: ImportCandidate;
}

export function desiredPolicies(_context: DesiredPolicyContext): DesiredPolicy[] {
  return [];
}
