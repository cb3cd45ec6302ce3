// The analysis kept in the worker between requests: an edit of one image sends that image
// alone and recomputes only the images whose strain depends on it, and the sequence put
// back together on the page is exactly the whole analysis of the same request (and the
// readiness worked out from the last one is the one worked out whole).
import { describe, expect, it, vi } from 'vitest';
import type { AnalysisChange, ChangesResponse } from '../../src/client/engine';
import { AnalysisState } from '../../src/state/analysis.svelte';
import type { ProjectState } from '../../src/state/project.svelte';
import { wholeReadiness } from '../../src/state/readiness';
import { analyse } from '../../src/worker/analysis';
import { analyseChanges, forgetAnalysis } from '../../src/worker/analysisChanges';
import { pressProject } from './results-helpers';

/** The worker's own functions on this thread, every message copied as posting copies it. */
function keepingEngine() {
  const sent: AnalysisChange[] = [];
  const answers: ChangesResponse[] = [];
  return {
    sent,
    answers,
    analyse: vi.fn(async () => {
      throw new Error('the whole request is not sent when the worker keeps a copy');
    }),
    async analyseChanges(change: AnalysisChange): Promise<ChangesResponse> {
      const posted = structuredClone(change);
      sent.push(posted);
      const answer = structuredClone(analyseChanges(posted));
      answers.push(answer);
      return answer;
    },
    async forgetAnalysis(session: string) {
      forgetAnalysis(session);
    },
  };
}

const TRAVELS = Array.from({ length: 12 }, (_, i) => i * 0.25);

async function analysed(state: AnalysisState, project: ProjectState) {
  // The readiness, worked out from the last one after a small edit, is the one worked out whole.
  const readiness = project.readiness;
  expect(readiness).toEqual(wholeReadiness(project.edits.copy(project.doc), project.markFindings));
  await state.update(project.readiness);
  await state.settled();
  const all = analyse(structuredClone(project.readiness.request!));
  expect(state.result!.response).toEqual({ ...all, durationMs: expect.any(Number) });
  return state.result!.response;
}

describe('the analysis kept in the worker', () => {
  it('sends and recomputes one image for a travel typed, with the numbers of a whole analysis', async () => {
    const project = pressProject(TRAVELS);
    const engine = keepingEngine();
    const state = new AnalysisState(engine);
    await analysed(state, project);
    expect(engine.sent[0]!.marks).toHaveLength(12);
    expect(engine.sent[0]!.order).toHaveLength(12);

    const before = project.readiness;
    project.setPressTravel('img-5', 1.3);
    await analysed(state, project);
    // Worked out from the last readiness: its lists are the same, one image's marks are new.
    expect(project.readiness.messages).toBe(before.messages);
    expect(
      project.readiness.request!.images.filter((m, i) => m !== before.request!.images[i]),
    ).toHaveLength(1);
    const change = engine.sent.at(-1)!;
    expect(change.marks.map(([id]) => id)).toEqual(['img-5']);
    expect(change.order).toBeUndefined();
    const answer = engine.answers.at(-1)!;
    expect(answer.kind === 'changes' && answer.changed.map(([index]) => index)).toEqual([5]);
    expect(engine.analyse).not.toHaveBeenCalled();
  });

  it('recomputes every image when the reference moves, and the next one too in incremental mode', async () => {
    const project = pressProject(TRAVELS);
    const engine = keepingEngine();
    const state = new AnalysisState(engine);
    await analysed(state, project);

    project.setPoint('img-0', { kind: 'scale', index: 1 }, [300.5, 600]);
    await analysed(state, project);
    let answer = engine.answers.at(-1)!;
    expect(answer.kind === 'changes' && answer.changed).toHaveLength(12);

    project.setReference({ kind: 'incremental' });
    await analysed(state, project);
    project.setPoint('img-7', { kind: 'scale', index: 1 }, [349.5, 859]);
    await analysed(state, project);
    answer = engine.answers.at(-1)!;
    expect(answer.kind === 'changes' && answer.changed.map(([index]) => index)).toEqual([7, 8]);
  });

  it('follows images reordered, removed and left incomplete', async () => {
    const project = pressProject(TRAVELS);
    const engine = keepingEngine();
    const state = new AnalysisState(engine);
    await analysed(state, project);
    project.moveImage('img-3', 4);
    await analysed(state, project);
    project.removeImage('img-9');
    await analysed(state, project);
    project.setPressTravel('img-4', null);
    await analysed(state, project);
    project.undo();
    await analysed(state, project);
    // None of these sent a photo's marks again but the one made complete by the undo.
    expect(engine.sent.slice(1).flatMap((change) => change.marks.map(([id]) => id))).toEqual([
      'img-4',
    ]);
  });

  it('ends on the latest request after answers it no longer waits for', async () => {
    const project = pressProject(TRAVELS);
    const engine = keepingEngine();
    const state = new AnalysisState(engine);
    await analysed(state, project);
    for (const travel of [1.1, 1.2, 1.25]) {
      project.setPressTravel('img-2', travel);
      void state.update(project.readiness);
    }
    await analysed(state, project);
    expect(engine.sent.length).toBe(4);
  });

  it('sends everything again when the worker lost its copy', async () => {
    const project = pressProject(TRAVELS);
    const engine = keepingEngine();
    const state = new AnalysisState(engine);
    await analysed(state, project);
    forgetAnalysis(engine.sent[0]!.session);
    project.setPressTravel('img-6', 2.2);
    await analysed(state, project);
    expect(engine.answers.at(-2)).toEqual({ kind: 'resend' });
    expect(engine.sent.at(-1)!.marks).toHaveLength(12);
  });
});
