import type { Principal, SignalSource } from '../../domain';
import type { CardElement } from '../types';
import { field, principalText } from './elements';

/**
 * Who made the insecure change, or, for a finding of the scheduled sweep, that the sweep found
 * it: a sweep reads the estate as it is, so no event names a person and "unknown" would mislead.
 */
export function changedByField(changedBy?: Principal, source?: SignalSource): CardElement {
  if (!changedBy && source === 'sweep') {
    return field('Found by', 'the scheduled sweep (no change event named who set it)');
  }
  return field('Insecure change by', principalText(changedBy));
}
