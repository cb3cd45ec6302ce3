// What is in doubt about each located fiducial, one sentence per dot that names it, so a
// proposal, a sequence's report and a flag over the photo all say which dot to look at.
import { MARKER_NAMES } from '../../markChecks/findings';
import type { DotQuality } from '../dot/types';

/** A doubt about one fiducial: its marker index and the sentence that says it. */
export interface DotIssue {
  index: number;
  text: string;
}

/** "Fiducial 2 (bottom-right)": the name the point table and the checks use. */
export function fiducialName(index: number): string {
  return `Fiducial ${index} (${MARKER_NAMES[index] ?? 'extra'})`;
}

/**
 * One issue per fiducial that could not be located precisely (no quality: its place is a
 * prediction) or that was located but graded poor, in marker order.
 */
export function dotIssues(quality: readonly (DotQuality | null)[]): DotIssue[] {
  const issues: DotIssue[] = [];
  quality.forEach((q, index) => {
    if (q === null) {
      issues.push({ index, text: `${fiducialName(index)} was not located precisely: check it.` });
    } else if (q.grade === 'poor') {
      issues.push({ index, text: `${fiducialName(index)} is hard to locate.` });
    }
  });
  return issues;
}
