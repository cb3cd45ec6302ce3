// The user's quantities between clicks: editing their definitions, the specimen's size and
// the force log in the project (each an undoable edit), and keeping their values in step
// with the latest analysis by asking the worker (latest request wins, as the analysis does).
import type { SequenceAnalysis } from '../core/index';
import type { ProjectDocument } from '../model/document';
import type { ForceLog, QuantityDefinition, Specimen } from '../model/quantities';
import { QUANTITY_LIMITS } from '../model/quantities';
import type { QuantitiesRequest, QuantitiesResponse } from '../worker/quantities';
import { plainCopy } from './plainCopy';

/** The part of the engine the quantities need (the real one, or a test double). */
export interface QuantityEvaluator {
  evaluateQuantities(request: QuantitiesRequest, signal?: AbortSignal): Promise<QuantitiesResponse>;
}

/** What the quantities edit in the project (ProjectState, or a test double). */
export interface QuantityProject {
  readonly doc: ProjectDocument;
  setQuantitySettings(
    settings: Pick<ProjectDocument, 'specimen' | 'forceLog' | 'quantities'>,
  ): void;
}

/** A name not yet taken by another quantity: the wanted one, else with a number after it. */
function freeName(wanted: string, taken: readonly QuantityDefinition[]): string {
  const names = new Set(taken.map((q) => q.name));
  if (!names.has(wanted)) return wanted;
  let n = 2;
  while (names.has(`${wanted} ${n}`)) n++;
  return `${wanted} ${n}`;
}

export class QuantitiesState {
  /** The latest values; null before the first answer or without an analysis. */
  response = $state.raw<QuantitiesResponse | null>(null);
  /** Why the last evaluation failed as a whole (mathjs could not load), else empty. */
  failure = $state('');

  #project: QuantityProject;
  #evaluator: QuantityEvaluator;
  #inFlight: AbortController | undefined;

  constructor(project: QuantityProject, evaluator: QuantityEvaluator) {
    this.#project = project;
    this.#evaluator = evaluator;
  }

  get definitions(): readonly QuantityDefinition[] {
    return this.#project.doc.quantities ?? [];
  }

  get specimen(): Specimen {
    return this.#project.doc.specimen ?? { width: null, thickness: null };
  }

  get forceLog(): ForceLog | null {
    return this.#project.doc.forceLog ?? null;
  }

  get canAdd(): boolean {
    return this.definitions.length < QUANTITY_LIMITS.columns;
  }

  add(definition: QuantityDefinition): void {
    if (!this.canAdd) return;
    const added = { ...definition, name: freeName(definition.name, this.definitions) };
    this.#project.setQuantitySettings({ quantities: [...this.definitions, added] });
  }

  change(index: number, patch: Partial<QuantityDefinition>): void {
    const others = this.definitions.filter((_, i) => i !== index);
    // Names key the columns in the tables and files: a name taken by another gets a number.
    const named =
      patch.name === undefined ? patch : { ...patch, name: freeName(patch.name, others) };
    const quantities = this.definitions.map((q, i) =>
      i === index ? { ...q, ...named } : { ...q },
    );
    this.#project.setQuantitySettings({ quantities });
  }

  remove(index: number): void {
    this.#project.setQuantitySettings({
      quantities: this.definitions.filter((_, i) => i !== index).map((q) => ({ ...q })),
    });
  }

  setSpecimen(patch: Partial<Specimen>): void {
    this.#project.setQuantitySettings({ specimen: { ...this.specimen, ...patch } });
  }

  setForceLog(log: ForceLog | null): void {
    this.#project.setQuantitySettings({ forceLog: log });
  }

  /**
   * Asks the worker for the quantities of this analysis, unless that request is the one
   * already sent. Reads the document synchronously, so an effect calling this re-runs on
   * every change of the definitions, the specimen or the log.
   */
  update(analysis: SequenceAnalysis | null, times: (number | null)[]): Promise<void> {
    const definitions = plainCopy(this.definitions) as QuantityDefinition[];
    const log = this.forceLog;
    const specimen = this.specimen;
    const needed = analysis !== null && (definitions.length > 0 || log !== null);
    // The analysis and the log are replaced, never changed in place: their identity keys them.
    const key = JSON.stringify([definitions, specimen, times]);
    const same =
      key === this.#sent.key && analysis === this.#sent.analysis && log === this.#sent.log;
    if (same) return Promise.resolve();
    this.#sent = { key, analysis, log };
    this.#inFlight?.abort();
    if (!needed) {
      this.response = null;
      return Promise.resolve();
    }
    return this.#send({
      analysis,
      times,
      forceLog: plainCopy(log),
      specimen: plainCopy(specimen),
      definitions,
    });
  }

  #sent: { key: string; analysis: SequenceAnalysis | null; log: ForceLog | null } = {
    key: '',
    analysis: null,
    log: null,
  };

  cancel(): void {
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    this.#sent = { key: '', analysis: null, log: null };
  }

  async #send(request: QuantitiesRequest): Promise<void> {
    const controller = new AbortController();
    this.#inFlight = controller;
    try {
      const response = await this.#evaluator.evaluateQuantities(request, controller.signal);
      if (controller.signal.aborted) return;
      this.response = response;
      this.failure = '';
    } catch (error) {
      if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') return;
      this.failure = `The quantities could not be computed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
}
