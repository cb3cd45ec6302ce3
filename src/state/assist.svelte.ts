// Machine assistance while marking: clicks snapped to the dot's centre, the five fiducials
// detected on a photo or carried over from the previous one (with its scale points), and
// the whole sequence marked in one go. The pixel work runs in the worker; this keeps what
// the UI shows about it (each snapped point's quality, the proposal waiting for Accept or
// Dismiss, progress, messages). Run-time only: nothing here is saved with the project.
import { CONFIDENT, FIDUCIAL_COUNT, SCALE_POINT_COUNT, countPlaced } from '../core/basics';
import type { DotQuality, LocatedDot, PointSlot, ResnapCandidate, Vec2 } from '../core/index';
import type { SnapResponse } from '../client/engine';
import type { ProjectImage } from '../model/document';
import type { ProjectState } from './project.svelte';
import {
  markFromPrevious,
  placeFiducials,
  scaleOutcome,
  scaleSource,
  trackFromPrevious,
} from './carryMarks';
import type { LocatedFiducials, MarkingEngine } from './carryMarks';
import { followingInto, followingOne } from './followFrames';
import { nextPaint } from './frames';
import { flagIsOn, flagStands, flagsOf } from './pointFlags';
import type { PointFlag } from './pointFlags';
import { sequenceStarted } from './sequenceProgress';
import type { SequenceProgress } from './sequenceProgress';

/** The part of the engine the assistance needs (the real one, or a test double). */
export type { MarkingEngine };

/** Points offered for an image, drawn as a preview until accepted or dismissed. */
export interface Proposal {
  imageId: string;
  source: 'detected' | 'tracked';
  points: Vec2[];
  quality: (DotQuality | null)[];
  /** 0-1 for a detection; tracking reports needsReview instead. */
  confidence: number | null;
  sure: boolean;
  reasons: string[];
  /** Other plausible point sets (detection only), to offer when the first is wrong. */
  alternatives: Vec2[][];
  /** The previous image's scale points carried over (null: not carried; a null point:
   * found but in doubt, left for a click). */
  scalePoints: [Vec2 | null, Vec2 | null] | null;
  /** Why scale points were left out, naming them. */
  scaleReasons: string[];
}

export interface AssistMessage {
  imageId: string;
  text: string;
  tone: 'info' | 'warning';
}

export type { SequenceProgress };

function qualityKey(imageId: string, slot: PointSlot): string {
  return `${imageId}/${slot.kind}/${slot.index}`;
}

export class AssistState {
  /** The quality of each snapped or detected point, with where it was (stale once moved). */
  qualities = $state<Record<string, { at: Vec2; quality: DotQuality }>>({});
  proposal = $state<Proposal | null>(null);
  message = $state<AssistMessage | null>(null);
  busy = $state<'detecting' | 'tracking' | 'sequence' | null>(null);
  sequence = $state<SequenceProgress | null>(null);
  /** Whether tracking follows the dots through a video's frames between two taken ones. */
  followFrames = $state(true);
  /** Located points in doubt, each until the user moves, re-snaps or keeps it. */
  flags = $state.raw<PointFlag[]>([]);
  /** Images whose carried-over proposal the user dismissed: not offered again. */
  // Bookkeeping the UI never shows, so not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #dismissed = new Set<string>();
  #stop = false;
  #engine: MarkingEngine;
  /** Waits, between two images of "Mark the whole sequence", for the page to catch up. */
  #pace: () => Promise<void>;

  constructor(marking: MarkingEngine, pace: () => Promise<void> = nextPaint) {
    this.#engine = marking;
    this.#pace = pace;
  }

  /** The quality of the point in a slot, if it was located and has not moved since. */
  qualityOf(imageId: string, slot: PointSlot, point: Vec2 | null): DotQuality | null {
    const entry = this.qualities[qualityKey(imageId, slot)];
    if (!entry || !point || entry.at[0] !== point[0] || entry.at[1] !== point[1]) return null;
    return entry.quality;
  }

  /**
   * Where the dot of a slot was last located this session (snapped, detected or tracked),
   * with its uncertainty, even after the point was moved off it by hand; null when never.
   */
  locatedDot(imageId: string, slot: PointSlot): LocatedDot | null {
    const entry = this.qualities[qualityKey(imageId, slot)];
    return entry ? { centre: entry.at, uncertainty: entry.quality.uncertainty } : null;
  }

  #remember(imageId: string, slot: PointSlot, at: Vec2, quality: DotQuality | null): void {
    const key = qualityKey(imageId, slot);
    if (quality) this.qualities[key] = { at: [at[0], at[1]], quality };
    else delete this.qualities[key];
  }

  #say(imageId: string, text: string, tone: AssistMessage['tone'] = 'info'): void {
    this.message = { imageId, text, tone };
  }

  /**
   * Places the next point at the click at once; with `snap`, a fiducial then moves to the
   * centre of the dot there when the worker answers, within the same undo step.
   */
  async place(project: ProjectState, imageId: string, raw: Vec2, snap: boolean): Promise<void> {
    const slot = project.placeNext(imageId, raw);
    if (!slot) return;
    const placed: Vec2 = [raw[0], raw[1]];
    // Scale points sit on ruler ticks, which are lines, not dots: they stay as clicked.
    if (!snap || slot.kind === 'scale') {
      this.#remember(imageId, slot, placed, null);
      return;
    }
    let answer: SnapResponse;
    try {
      answer = await this.#engine.snapPhotoPoint(imageId, placed);
    } catch {
      return; // the worker is gone (page closing): the point stays where clicked
    }
    if (!answer.ok) {
      if (project.pointAt(imageId, slot)) {
        this.#say(imageId, `${answer.message} The point stays where you clicked.`, 'warning');
      }
      return;
    }
    if (project.refinePoint(imageId, slot, placed, answer.centre, answer.quality)) {
      this.#remember(imageId, slot, answer.centre, answer.quality);
      if (this.message?.imageId === imageId) this.message = null;
    }
  }

  /** Finds the five fiducials on an image and offers them as a proposal. */
  async detect(project: ProjectState, imageId: string): Promise<void> {
    this.busy = 'detecting';
    this.message = null;
    try {
      const answer = await this.#engine.detectPhotoFiducials(imageId);
      if (!project.image(imageId)) return;
      if (!answer.ok) {
        this.proposal = null;
        this.#say(imageId, answer.message, 'warning');
        return;
      }
      this.proposal = {
        imageId,
        source: 'detected',
        points: answer.points,
        quality: answer.quality,
        confidence: answer.confidence,
        sure: answer.confidence >= CONFIDENT,
        reasons: answer.reasons,
        alternatives: answer.alternatives,
        scalePoints: null,
        scaleReasons: [],
      };
    } catch (error) {
      this.#say(imageId, `Detection failed: ${String(error)}`, 'warning');
    } finally {
      this.busy = null;
    }
  }

  /** The image before this one in the sequence, if all its fiducials are placed. */
  #previousMarked(project: ProjectState, imageId: string): ProjectImage | null {
    const index = project.doc.images.findIndex((image) => image.id === imageId);
    const previous = index > 0 ? project.doc.images[index - 1] : undefined;
    if (!previous || countPlaced(previous.fiducials) !== FIDUCIAL_COUNT) return null;
    return previous;
  }

  /** Whether opening this image should offer the previous image's points, carried over. */
  canCarryOver(project: ProjectState, imageId: string): boolean {
    const image = project.image(imageId);
    return (
      !!image &&
      countPlaced(image.fiducials) === 0 &&
      !this.#dismissed.has(imageId) &&
      this.#previousMarked(project, imageId) !== null
    );
  }

  /**
   * Offers the previous image's fiducials, tracked onto this image and re-snapped, and its
   * scale points, found again on the ruler, when it has both and this image has none.
   */
  async carryOver(project: ProjectState, imageId: string): Promise<void> {
    const previous = this.#previousMarked(project, imageId);
    const image = project.image(imageId);
    if (!previous || !image) return;
    this.busy = 'tracking';
    try {
      const scale = countPlaced(image.scalePoints) === 0 ? scaleSource(previous) : undefined;
      const following = followingOne(this.followFrames);
      const answer = await trackFromPrevious(this.#engine, image, previous, scale, following);
      const now = project.image(imageId);
      // The user may have started clicking meanwhile: then the proposal would only be in the way.
      if (!now || countPlaced(now.fiducials) > 0 || project.selectedId !== imageId) return;
      if (!answer.ok) {
        this.#say(imageId, answer.message, 'warning');
        return;
      }
      const carried = scaleOutcome(answer.scale);
      this.proposal = {
        imageId,
        source: 'tracked',
        points: answer.points,
        quality: answer.tracked.map((t) => t.quality),
        confidence: null,
        sure: !answer.needsReview && carried.reasons.length === 0,
        reasons: [...answer.reasons, ...following.lines()],
        alternatives: [],
        scalePoints: scale ? carried.points : null,
        scaleReasons: carried.reasons,
      };
    } catch (error) {
      this.#say(imageId, `Carrying the points over failed: ${String(error)}`, 'warning');
    } finally {
      this.busy = null;
    }
  }

  /** Puts the proposed points in place, scale points included (one undo step). */
  accept(project: ProjectState): void {
    const proposal = this.proposal;
    if (!proposal) return;
    // The user asked for these points: they replace any fiducials placed before.
    if (placeFiducials(project, proposal, proposal.scalePoints, { replace: true }))
      this.#rememberPlaced(proposal);
    this.proposal = null;
  }

  dismiss(): void {
    if (this.proposal) this.#dismissed.add(this.proposal.imageId);
    this.proposal = null;
  }

  /** Shows the next alternative set of dots (detection), in place of the current one. */
  nextAlternative(): void {
    const proposal = this.proposal;
    const [next, ...rest] = proposal?.alternatives ?? [];
    if (!proposal || !next) return;
    this.proposal = {
      ...proposal,
      points: next,
      quality: next.map(() => null),
      alternatives: [...rest, proposal.points],
      sure: false,
      reasons: ['An alternative set of dots: check it against the photo.'],
    };
  }

  stopSequence(): void {
    this.#stop = true;
  }

  /**
   * Marks the fiducials of every image: the first as marked or detected, each next one
   * tracked from the one before, with the scale points carried along once an image has
   * them. Images already fully marked are kept as they are (and carried on from); one with
   * its fiducials but no scale points gets those carried over. Reports which images need a
   * look, naming the points in doubt.
   */
  async markSequence(project: ProjectState): Promise<void> {
    const images = project.doc.images.map((image) => ({ id: image.id, name: image.name }));
    if (images.length === 0 || this.busy) return;
    this.busy = 'sequence';
    this.#stop = false;
    this.proposal = null;
    const progress = sequenceStarted(images.length);
    this.sequence = progress;
    /** The images the next one's fiducials and scale points are carried from. */
    let previous: ProjectImage | null = null;
    let scaled: ProjectImage | null = null;
    try {
      for (const { id, name } of images) {
        if (this.#stop) {
          progress.stopped = true;
          break;
        }
        const image = project.image(id);
        if (!image) continue;
        const why = await markFromPrevious(
          this.#engine,
          project,
          image,
          previous,
          scaled,
          (located) => this.#rememberPlaced(located),
          followingInto(this.followFrames, progress),
        );
        // What concerns one dot is its flag; the rest is said beside the image's name.
        const flagged = this.openFlags(project, id).map((flag) => flag.text);
        const notes = why.filter((reason) => !flagged.includes(reason));
        if (why.length > 0) progress.needLook.push({ imageId: id, name, why: notes.join(' ') });
        const marked = project.image(id);
        // A chain broken by an image left unmarked (or a scale point left for a click)
        // carries on from the last image marked.
        if (marked && countPlaced(marked.fiducials) === FIDUCIAL_COUNT) previous = marked;
        if (marked && countPlaced(marked.scalePoints) === SCALE_POINT_COUNT) scaled = marked;
        progress.done++;
        this.sequence = { ...progress };
        // The next image is asked for once this one is on screen. Asked for at once, the
        // worker decoded it while the page updated the table and drew the frame, and on a
        // two-core machine the page's tasks then waited for a core, some past 50 ms.
        await this.#pace();
      }
      progress.finished = true;
      this.sequence = { ...progress };
    } finally {
      this.busy = null;
    }
  }

  /**
   * The fix of a stray fiducial: snaps it again at the place the other markers predict (one
   * undo step). When the positions cannot tell which of two candidates is off, the photo
   * does: the one whose dot, found there, lies farthest from where it is marked moves. A
   * prediction with no dot to snap to is placed as it is, as a hand-placed point.
   */
  async resnap(
    project: ProjectState,
    imageId: string,
    candidates: readonly ResnapCandidate[],
  ): Promise<number | null> {
    const answers = await Promise.all(
      candidates.map((c) =>
        this.#engine.snapPhotoPoint(imageId, [c.at[0], c.at[1]]).catch(() => null),
      ),
    );
    let best: { marker: number; to: Vec2; quality: DotQuality | null; score: number } | null = null;
    candidates.forEach((candidate, i) => {
      const answer = answers[i];
      const now = project.pointAt(imageId, { kind: 'fiducial', index: candidate.marker });
      if (!now) return;
      const snapped = answer?.ok === true;
      const to: Vec2 = snapped ? answer.centre : [candidate.at[0], candidate.at[1]];
      // A found dot counts before a bare prediction; then the longer move.
      const score = Math.hypot(to[0] - now[0], to[1] - now[1]) + (snapped ? 1e9 : 0);
      if (!best || score > best.score) {
        best = { marker: candidate.marker, to, quality: snapped ? answer.quality : null, score };
      }
    });
    const chosen = best as { marker: number; to: Vec2; quality: DotQuality | null } | null;
    if (!chosen || !project.image(imageId)) return null;
    const slot: PointSlot = { kind: 'fiducial', index: chosen.marker };
    project.setPoint(imageId, slot, chosen.to, chosen.quality);
    this.#remember(imageId, slot, chosen.to, chosen.quality);
    return chosen.marker;
  }

  /** The flags still standing (on one image, or on all), in the order they were raised. */
  openFlags(project: ProjectState, imageId?: string): PointFlag[] {
    return this.flags.filter(
      (flag) =>
        (imageId === undefined || flag.imageId === imageId) &&
        flagStands(flag, project.pointAt(flag.imageId, flag.slot)),
    );
  }

  /** Keeps a flagged point where it is: the flag leaves. */
  keepFlagged(imageId: string, slot: PointSlot): void {
    this.flags = this.flags.filter((flag) => !flagIsOn(flag, imageId, slot));
  }

  /**
   * Snaps a flagged point again on its dot where it sits (one undo step); its flag leaves
   * either way, since the user has looked at it. Says so when no dot is found there.
   */
  async resnapFlagged(project: ProjectState, imageId: string, slot: PointSlot): Promise<void> {
    const at = project.pointAt(imageId, slot);
    this.keepFlagged(imageId, slot);
    if (!at) return;
    const answer = await this.#engine.snapPhotoPoint(imageId, [at[0], at[1]]).catch(() => null);
    if (!answer?.ok) {
      if (answer) this.#say(imageId, `${answer.message} The point stays where it is.`, 'warning');
      return;
    }
    project.setPoint(imageId, slot, answer.centre, answer.quality);
    this.#remember(imageId, slot, answer.centre, answer.quality);
  }

  /** Remembers the quality of each fiducial just put in place, and flags those in doubt. */
  #rememberPlaced({ imageId, points, quality, reasons }: LocatedFiducials): void {
    points.forEach((point, index) =>
      this.#remember(imageId, { kind: 'fiducial', index }, point, quality[index] ?? null),
    );
    const others = this.flags.filter((flag) => flag.imageId !== imageId);
    this.flags = [...others, ...flagsOf(imageId, points, quality, reasons)];
  }
}
