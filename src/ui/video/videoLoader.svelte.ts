// The video intake and its dialog, loaded with the first video dropped or picked, so the
// page's first load carries nothing of them. The workspace holds one for the page's life and
// shows its dialog: the photo intake that hands it videos moves from the empty stage to the
// photo list as the first frame arrives, and must not take the dialog with it.
import type { Component } from 'svelte';
import type { Engine } from '../../client/engine';
import type { ProjectState } from '../../state/project.svelte';
import type { Refusal } from '../../state/refusals';
import type { VideoIntakeState } from '../../state/videoIntake.svelte';

export interface LoadedVideoIntake {
  intake: VideoIntakeState;
  Dialog: Component<{ video: VideoIntakeState }>;
}

export class VideoLoader {
  loaded = $state.raw<LoadedVideoIntake | null>(null);
  #loading: Promise<LoadedVideoIntake> | null = null;

  constructor(
    private readonly project: ProjectState,
    private readonly engine: Engine,
    private readonly refuse: (refusal: Refusal) => void,
  ) {}

  /** Opens the videos in the frames dialog, loading it first if need be. */
  async open(videos: readonly File[]): Promise<void> {
    const { intake } = await this.#load();
    intake.openVideos(videos);
  }

  #load(): Promise<LoadedVideoIntake> {
    this.#loading ??= Promise.all([
      import('../../state/videoIntake.svelte'),
      import('./VideoDialog.svelte'),
    ]).then(([{ VideoIntakeState }, { default: Dialog }]) => {
      const loaded = {
        intake: new VideoIntakeState(this.project, this.engine, this.refuse),
        Dialog,
      };
      this.loaded = loaded;
      return loaded;
    });
    return this.#loading;
  }
}
