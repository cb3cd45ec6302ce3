// How a located point's precision and its dot's grade are said in the point table. They
// are two things: the uncertainty is how far the centre may be off from pixel noise and
// what the fit can see; the grade is how well the dot itself shows (contrast, shape,
// symmetry, what touches it), which can be fair while the centre is sharp. Said as "the
// centre ±0.004 px; the dot fair: faint", neither reads as the other, and so they never
// contradict.
import type { DotGrade, DotQuality } from '../../core/index';

/** "±0.03", "±0.0042": one standard deviation of the centre, px, to two significant figures. */
export function sigmaText(uncertainty: number): string {
  if (uncertainty >= 0.01) return `±${uncertainty.toFixed(2)}`;
  if (uncertainty <= 0) return '±0';
  return `±${Number(uncertainty.toPrecision(2))}`;
}

/** Why a dot is graded below good, in a few words, from what was measured of it. */
export function gradeReasons(dot: DotQuality): string[] {
  if (dot.grade === 'good') return [];
  const reasons: string[] = [];
  if (dot.method === 'outline') reasons.push('partly hidden');
  else if (dot.touching) reasons.push('touches something dark');
  if (dot.snr < 10) reasons.push('faint');
  if (dot.fit < 0.85) reasons.push('irregular shape');
  if (dot.asymmetry > 0.15) reasons.push('uneven');
  return reasons;
}

/**
 * "±0.004 px; dot fair: faint": the centre's uncertainty, then the dot's grade and, when
 * this session measured it, why the grade is below good. Without a grade (a point located
 * before grades were kept) only the uncertainty.
 */
export function precisionText(
  uncertainty: number,
  grade: DotGrade | null,
  dot: DotQuality | null = null,
): string {
  const centre = `${sigmaText(uncertainty)} px`;
  if (!grade) return `${centre}, located`;
  const why = dot ? gradeReasons(dot) : [];
  return `${centre}; dot ${grade}${why.length > 0 ? `: ${why.join(', ')}` : ''}`;
}
