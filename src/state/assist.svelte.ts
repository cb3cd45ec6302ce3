// Machine assistance while marking: clicks snapped to the dot's centre, the five fiducials
// detected on a photo or carried over from the previous one, and the whole sequence marked
// in one go. The pixel work runs in the worker; this keeps what the UI shows about it (each
// snapped point's quality, the proposal waiting for Accept or Dismiss, progress, messages).
// Run-time only: nothing here is saved with the project.
import { CONFIDENT, FIDUCIAL_COUNT, countPlaced } from '../core/index';
import type { DotQuality, PointSlot, Vec2 } from '../core/index';
import { engine } from '../client/engine';
import type { DetectResponse, SnapResponse, TrackResponse } from '../client/engine';
import type { ProjectState } from './project.svelte';

/** The part of the engine the assistance needs (the real one, or a test double). */
export interface MarkingEngine {
  snapPoint(photoId: string, near: Vec2): Promise<SnapResponse>;
  detectFiducials(photoId: string): Promise<DetectResponse>;
  trackFiducials(photoId: string, previous: Vec2[]): Promise<TrackResponse>;
}

/** Five fiducials offered for an image, drawn as a preview until accepted or dismissed. */
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
}

export interface AssistMessage {
  imageId: string;
  text: string;
  tone: 'info' | 'warning';
}

export interface SequenceProgress {
  done: number;
  total: number;
  /** Images whose marks need a look, with why. */
  needLook: { imageId: string; name: string; why: string }[];
  finished: boolean;
  stopped: boolean;
}

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
  /** Images whose carried-over proposal the user dismissed: not offered again. */
  // Bookkeeping the UI never shows, so not reactive.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #dismissed = new Set<string>();
  #stop = false;
  #engine: MarkingEngine;

  constructor(marking: MarkingEngine = engine) {
    this.#engine = marking;
  }

  /** The quality of the point in a slot, if it was located and has not moved since. */
  qualityOf(imageId: string, slot: PointSlot, point: Vec2 | null): DotQuality | null {
    const entry = this.qualities[qualityKey(imageId, slot)];
    if (!entry || !point || entry.at[0] !== point[0] || entry.at[1] !== point[1]) return null;
    return entry.quality;
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
      answer = await this.#engine.snapPoint(imageId, placed);
    } catch {
      return; // the worker is gone (page closing): the point stays where clicked
    }
    if (!answer.ok) {
      if (project.pointAt(imageId, slot)) {
        this.#say(imageId, `${answer.message} The point stays where you clicked.`, 'warning');
      }
      return;
    }
    if (project.refinePoint(imageId, slot, placed, answer.centre)) {
      this.#remember(imageId, slot, answer.centre, answer.quality);
      if (this.message?.imageId === imageId) this.message = null;
    }
  }

  /** Finds the five fiducials on an image and offers them as a proposal. */
  async detect(project: ProjectState, imageId: string): Promise<void> {
    this.busy = 'detecting';
    this.message = null;
    try {
      const answer = await this.#engine.detectFiducials(imageId);
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
      };
    } catch (error) {
      this.#say(imageId, `Detection failed: ${String(error)}`, 'warning');
    } finally {
      this.busy = null;
    }
  }

  /** The image before this one in the sequence, if all its fiducials are placed. */
  #previousMarked(project: ProjectState, imageId: string): Vec2[] | null {
    const index = project.doc.images.findIndex((image) => image.id === imageId);
    const previous = index > 0 ? project.doc.images[index - 1] : undefined;
    if (!previous || countPlaced(previous.fiducials) !== FIDUCIAL_COUNT) return null;
    // Plain data, not the document's live state, before it crosses to the worker.
    return $state.snapshot(previous.fiducials) as Vec2[];
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

  /** Offers the previous image's fiducials, tracked onto this image and re-snapped. */
  async carryOver(project: ProjectState, imageId: string): Promise<void> {
    const previous = this.#previousMarked(project, imageId);
    if (!previous) return;
    this.busy = 'tracking';
    try {
      const answer = await this.#engine.trackFiducials(imageId, previous);
      const image = project.image(imageId);
      // The user may have started clicking meanwhile: then the proposal would only be in the way.
      if (!image || countPlaced(image.fiducials) > 0 || project.selectedId !== imageId) return;
      if (!answer.ok) {
        this.#say(imageId, answer.message, 'warning');
        return;
      }
      this.proposal = {
        imageId,
        source: 'tracked',
        points: answer.points,
        quality: answer.tracked.map((t) => t.quality),
        confidence: null,
        sure: !answer.needsReview,
        reasons: answer.reasons,
        alternatives: [],
      };
    } catch (error) {
      this.#say(imageId, `Carrying the points over failed: ${String(error)}`, 'warning');
    } finally {
      this.busy = null;
    }
  }

  /** Puts the proposed points in place (one undo step). */
  accept(project: ProjectState): void {
    const proposal = this.proposal;
    if (!proposal) return;
    project.setFiducials(proposal.imageId, proposal.points);
    proposal.points.forEach((point, index) =>
      this.#remember(
        proposal.imageId,
        { kind: 'fiducial', index },
        point,
        proposal.quality[index] ?? null,
      ),
    );
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
   * tracked from the one before. Images already fully marked are kept as they are (and
   * carried on from). Reports which images need a look.
   */
  async markSequence(project: ProjectState): Promise<void> {
    const images = project.doc.images.map((image) => ({ id: image.id, name: image.name }));
    if (images.length === 0 || this.busy) return;
    this.busy = 'sequence';
    this.#stop = false;
    this.proposal = null;
    const progress: SequenceProgress = {
      done: 0,
      total: images.length,
      needLook: [],
      finished: false,
      stopped: false,
    };
    this.sequence = progress;
    let previous: Vec2[] | null = null;
    try {
      for (const { id, name } of images) {
        if (this.#stop) {
          progress.stopped = true;
          break;
        }
        const image = project.image(id);
        if (!image) continue;
        const placed = countPlaced(image.fiducials);
        if (placed === FIDUCIAL_COUNT) {
          previous = $state.snapshot(image.fiducials) as Vec2[];
        } else if (placed > 0) {
          progress.needLook.push({
            imageId: id,
            name,
            why: 'Partly marked: left as it is; finish it by hand.',
          });
        } else if (previous) {
          const answer = await this.#engine.trackFiducials(id, previous);
          if (!answer.ok) {
            progress.needLook.push({ imageId: id, name, why: answer.message });
          } else {
            this.#apply(
              project,
              id,
              answer.points,
              answer.tracked.map((t) => t.quality),
            );
            if (answer.needsReview)
              progress.needLook.push({ imageId: id, name, why: answer.reasons.join(' ') });
            previous = answer.points;
          }
        } else {
          const answer = await this.#engine.detectFiducials(id);
          if (!answer.ok) {
            progress.needLook.push({ imageId: id, name, why: answer.message });
          } else {
            this.#apply(project, id, answer.points, answer.quality);
            if (answer.confidence < CONFIDENT || answer.reasons.length > 0)
              progress.needLook.push({
                imageId: id,
                name,
                why: answer.reasons.join(' ') || 'The detection is not sure.',
              });
            previous = answer.points;
          }
        }
        progress.done++;
        this.sequence = { ...progress };
      }
      progress.finished = true;
      this.sequence = { ...progress };
    } finally {
      this.busy = null;
    }
  }

  #apply(project: ProjectState, imageId: string, points: Vec2[], quality: (DotQuality | null)[]) {
    const image = project.image(imageId);
    // Never overwrite what the user placed meanwhile.
    if (!image || countPlaced(image.fiducials) > 0) return;
    project.setFiducials(imageId, points);
    points.forEach((point, index) =>
      this.#remember(imageId, { kind: 'fiducial', index }, point, quality[index] ?? null),
    );
  }
}

/** The one the workspace's annotation view and point table share. */
export const sharedAssist = new AssistState();
