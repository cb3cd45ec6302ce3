// Frames from a video: a video dropped or picked is opened in the worker (refused with why
// when it cannot be decoded), a scrubber previews the frame at any time, the user chooses
// frames and how their press travel follows from time, and the chosen frames join the
// project together as photos named "<video>@<time>s", each with its exact time. Cancelling
// or a failure adds nothing.
import type { Engine, FrameOutcome, FramePreview, VideoFacts } from '../client/engine';
import type { NewPhoto } from '../model/document';
import { nextPaint } from './frames';
import { linkPhotos } from './linkPhotos';
import type { ProjectState } from './project.svelte';
import { duplicateMessage, failureMessage } from './refusals';
import type { Refusal } from './refusals';
import { MOST_FRAMES, chosenTimes, travelAt } from './videoFrames';
import type { FrameChoice, KnownTravel, TravelRule } from './videoFrames';

/** Frames joined to the project per task (as the photo intake joins photos, a few at a time). */
const FRAMES_PER_TASK = 10;

/** The part of the engine the video intake needs (the real one, or a test double). */
export type VideoEngine = Pick<
  Engine,
  'openVideo' | 'previewFrame' | 'takeFrames' | 'closeVideo' | 'forgetPhoto'
>;

export interface OpenVideo {
  id: string;
  name: string;
  facts: VideoFacts;
}

/** The preview on show: its picture's object URL and the frame's own time. */
export interface ShownFrame {
  url: string;
  time: number;
}

const ONE_VIDEO_AT_A_TIME =
  'Frames are taken from one video at a time: add this one once the frames of the other are in.';

type Phase = 'closed' | 'opening' | 'choosing' | 'taking';

export class VideoIntakeState {
  phase = $state<Phase>('closed');
  video = $state<OpenVideo | null>(null);
  shown = $state<ShownFrame | null>(null);
  /** The time the scrubber is at, s (the preview follows it). */
  scrubTime = $state(0);
  choiceKind = $state<FrameChoice['kind']>('evenly');
  step = $state(1);
  count = $state(5);
  from = $state(0);
  to = $state(0);
  picked = $state<number[]>([]);
  /** How press travel follows from time, and each rule's values (kept when switching). */
  travelKind = $state<TravelRule['kind']>('none');
  speed = $state(1);
  travelStart = $state(0);
  first = $state<KnownTravel>({ time: 0, travel: 0 });
  second = $state<KnownTravel>({ time: 1, travel: 1 });
  done = $state(0);
  total = $state(0);

  readonly times: number[] = $derived(chosenTimes(this.#choice()));

  #project: ProjectState;
  #engine: VideoEngine;
  #refuse: (refusal: Refusal) => void;
  /** The preview asked for while another is on its way: only the latest is fetched next. */
  #wanted: number | null = null;
  #previewing = false;
  #cancelled = false;

  constructor(project: ProjectState, engine: VideoEngine, refuse: (refusal: Refusal) => void) {
    this.#project = project;
    this.#engine = engine;
    this.#refuse = refuse;
  }

  #choice(): FrameChoice {
    const { from, to } = this;
    if (this.choiceKind === 'picked') return { kind: 'picked', times: this.picked };
    if (this.choiceKind === 'every') return { kind: 'every', step: this.step, from, to };
    return { kind: 'evenly', count: this.count, from, to };
  }

  /** Why the chosen frames cannot be taken yet, or null when they can. */
  get problem(): string | null {
    if (this.times.length > 0) return null;
    if (this.choiceKind === 'picked') return 'Pick at least one frame at the scrubber.';
    return `Choose between 1 and ${MOST_FRAMES} frames within the video.`;
  }

  /** Opens the first of these videos; any other is refused (one video at a time). */
  openVideos(videos: readonly File[]): void {
    const [first, ...others] = videos;
    for (const other of others) {
      this.#refuse({ name: other.name, message: ONE_VIDEO_AT_A_TIME });
    }
    if (first) void this.open(first);
  }

  /** Opens a video; a video that cannot be used is refused with why and nothing opens. */
  async open(file: File): Promise<void> {
    if (this.phase !== 'closed') {
      this.#refuse({ name: file.name, message: ONE_VIDEO_AT_A_TIME });
      return;
    }
    this.phase = 'opening';
    let opened;
    try {
      opened = await this.#engine.openVideo(file);
    } catch (error) {
      opened = { ok: false as const, name: file.name, message: failureMessage(error) };
    }
    if (!opened.ok) {
      this.#refuse({ name: opened.name, message: opened.message });
      this.phase = 'closed';
      return;
    }
    const { id, name, facts, first } = opened;
    this.video = { id, name, facts };
    this.#show(first);
    this.scrubTime = first.time;
    this.from = facts.start;
    this.to = Math.max(facts.start, facts.end - this.#frameTime());
    this.picked = [];
    this.phase = 'choosing';
  }

  /** One frame's duration, s (a tenth of a second when the rate is unknown). */
  #frameTime(): number {
    const rate = this.video?.facts.frameRate;
    return rate && rate > 0 ? 1 / rate : 0.1;
  }

  /** Moves the scrubber; the preview follows, skipping times passed while one was decoding. */
  async scrubTo(time: number): Promise<void> {
    const video = this.video;
    if (!video) return;
    this.scrubTime = Math.min(Math.max(time, video.facts.start), video.facts.end);
    this.#wanted = this.scrubTime;
    if (this.#previewing) return;
    this.#previewing = true;
    try {
      while (this.#wanted !== null && this.video === video) {
        const at = this.#wanted;
        this.#wanted = null;
        try {
          const preview = await this.#engine.previewFrame(video.id, at);
          if (this.video === video) this.#show(preview);
        } catch {
          // A frame that does not decode leaves the last preview on show.
        }
      }
    } finally {
      this.#previewing = false;
    }
  }

  /** Steps the scrubber by whole frames (negative: back). */
  stepFrames(frames: number): Promise<void> {
    const base = this.shown?.time ?? this.scrubTime;
    return this.scrubTo(base + frames * this.#frameTime());
  }

  /** Adds the frame on show to the picked ones (by its exact time). */
  pickShown(): void {
    const time = this.shown?.time;
    if (time === undefined || this.picked.includes(time)) return;
    this.picked = [...this.picked, time].sort((a, b) => a - b);
  }

  unpick(time: number): void {
    this.picked = this.picked.filter((t) => t !== time);
  }

  /** The frame on show as one of the two frames whose travel is known. */
  knownAtShown(which: 'first' | 'second'): void {
    this[which] = { ...this[which], time: this.shown?.time ?? this.scrubTime };
  }

  get travelRule(): TravelRule {
    if (this.travelKind === 'speed') {
      return { kind: 'speed', speed: this.speed, start: this.travelStart };
    }
    if (this.travelKind === 'between') {
      return { kind: 'between', first: this.first, second: this.second };
    }
    return { kind: 'none' };
  }

  /** Takes the chosen frames into the project together, as one step to undo. */
  async take(): Promise<void> {
    const video = this.video;
    const times = this.times;
    if (!video || this.phase !== 'choosing' || times.length === 0) return;
    this.phase = 'taking';
    this.#cancelled = false;
    this.done = 0;
    this.total = times.length;
    let outcomes: FrameOutcome[];
    try {
      outcomes = await this.#engine.takeFrames(video.id, times, (progress) => {
        this.done = progress.done;
      });
    } catch (error) {
      this.#refuse({ name: video.name, message: failureMessage(error) });
      this.close();
      return;
    }
    if (this.#cancelled) {
      for (const outcome of outcomes) if (outcome.ok) this.#engine.forgetPhoto(outcome.id);
      return;
    }
    // The dialog closes first, in a frame of its own: joining the rows takes a few frames
    // more, and nothing is left to cancel then.
    const rule = this.travelRule;
    this.close();
    await nextPaint();
    await this.#join(outcomes, rule);
  }

  /**
   * Joins the frames to the project as one step to undo, a few rows at a time, each lot laid
   * out and painted in a frame of its own: a hundred rows and their effects at once held the
   * main thread for some 70 ms.
   */
  async #join(outcomes: readonly FrameOutcome[], rule: TravelRule): Promise<void> {
    const project = this.#project;
    const photos: NewPhoto[] = [];
    for (const outcome of outcomes) {
      if (!outcome.ok) {
        this.#refuse({ name: outcome.name, message: outcome.message });
      } else if (project.hasImageNamed(outcome.name)) {
        this.#engine.forgetPhoto(outcome.id);
        this.#refuse({ name: outcome.name, message: duplicateMessage(true) });
      } else {
        project.thumbnails[outcome.id] = outcome.thumbnailUrl;
        const { id, name, width, height, time } = outcome;
        photos.push({ id, name, width, height, time, suggestedTravel: travelAt(rule, time) });
      }
    }
    const { rest, refused } = linkPhotos(project, photos);
    for (const refusal of refused) this.#refuse(refusal);
    const batch = {};
    for (let start = 0; start < rest.length; start += FRAMES_PER_TASK) {
      if (start > 0) await nextPaint();
      project.addImages(rest.slice(start, start + FRAMES_PER_TASK), { openFirst: false, batch });
    }
    // The first frame opens after the rows: building the marking view is a task of its own.
    if (project.selectedId === null) {
      await nextPaint();
      project.openFirstIfNone();
    }
  }

  /** Stops taking frames (those taken so far are dropped) or closes the dialog. */
  cancel(): void {
    this.#cancelled = this.phase === 'taking';
    this.close();
  }

  /** Lets the video go and closes the dialog. */
  close(): void {
    if (this.video) void this.#engine.closeVideo(this.video.id);
    if (this.shown) URL.revokeObjectURL(this.shown.url);
    this.video = null;
    this.shown = null;
    this.#wanted = null;
    this.phase = 'closed';
  }

  #show(preview: FramePreview): void {
    if (this.shown) URL.revokeObjectURL(this.shown.url);
    this.shown = { url: URL.createObjectURL(preview.picture), time: preview.time };
  }
}
