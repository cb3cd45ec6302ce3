// Every measurement of the bench, in the order that keeps them apart: the byte counts, the
// ingest runs (each on a fresh app, followed by zoom/pan and "Mark the whole sequence" on the
// photos it ingested), the worker on its own, the edit-to-charts loop, the 200-photo project,
// then the core's figures in Node once no browser is running.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../../tests/e2e/support/browser';
import type { Measurements } from './assemble';
import { checkBudgets, measureDist, parseBudgets } from './budget';
import { observeFirstLoad } from './bytes';
import { measureEdit, projectFile } from './edit';
import { centroidFigures, strainFigures, timingFigures } from './imagingFigures';
import { shadowFigures } from './shadowFigures';
import { dotSetFigures } from './dotSetFigures';
import { demoFigures } from './demoFigures';
import { measureIngest, type IngestRun } from './ingest';
import { markWholeSequence, photoShown, zoomAndPan } from './interactions';
import type { GestureTasks, WindowedTasks } from './interactions';
import { measureHugeProject, measureLargeProject } from './large';
import { measureOverlay } from './overlay';
import { aliasPhotos, type PhotoSet } from './photos';
import { PLAN, log } from './plan';
import { measureLighthouse } from './lighthouse';
import { longTasksBetween, pageNow, type LongTasks } from './probes';
import { browserVersion, openApp, type AppSession } from './session';
import { coreOnPhoto, decodedInPage } from './nodeOnPhoto';
import { largeSequence, measureAnalysis, measureMarkers } from './worker';

export interface Setting {
  executablePath: string;
  appUrl: string;
  appDir: string;
  harnessUrl: string;
  budgetsPath: string;
  photos: PhotoSet;
  /** A scratch folder for the project file and the large project's names. */
  work: string;
}

export interface Outcome {
  measurements: Measurements;
  chromium: string;
  /** Console errors, page errors and failed requests the app's pages reported. */
  problems: string[];
}

/** Runs `body` on a freshly loaded, settled app, closing the browser whatever happens. */
async function withApp<T>(
  setting: Setting,
  problems: string[],
  body: (session: AppSession) => Promise<T>,
): Promise<T> {
  const session = await openApp(setting.executablePath, setting.appUrl);
  try {
    return await body(session);
  } finally {
    problems.push(...session.problems.all());
    await session.close();
  }
}

async function inHarness<T>(setting: Setting, body: (page: Page) => Promise<T>) {
  const browser = await launchChromium(setting.executablePath);
  try {
    await browser.page.goto(setting.harnessUrl);
    await browser.page.waitForSelector('body[data-ready="true"]');
    return await body(browser.page);
  } finally {
    await browser.close();
  }
}

export async function measureAll(setting: Setting): Promise<Outcome> {
  const { executablePath, appUrl, appDir, photos } = setting;
  const { steps, paths } = photos;
  const problems: string[] = [];

  log('bytes: budgets and the first visit');
  const budgets = parseBudgets(readFileSync(setting.budgetsPath, 'utf8'));
  const workerFile = measureDist(appDir).workerJs.files[0]!;
  const budgetLines = checkBudgets(appDir, setting.budgetsPath);
  const observed = await observeFirstLoad(executablePath, appUrl, appDir, workerFile);

  log(`Lighthouse, mobile and desktop (${PLAN.lighthouseRuns} runs each)`);
  const lighthouse = await measureLighthouse(
    appUrl,
    executablePath,
    setting.work,
    PLAN.lighthouseRuns,
  );
  if (lighthouse.problem) log(`  Lighthouse could not run: ${lighthouse.problem}`);

  const firstLoad: LongTasks[] = [];
  const ingest: IngestRun[] = [];
  const zoom: GestureTasks[] = [];
  const marking: (WindowedTasks & { needLook: string })[] = [];
  let chromium = '';
  for (let run = 0; run < PLAN.ingestRuns; run++) {
    log(`ingest run ${run + 1} of ${PLAN.ingestRuns}`);
    await withApp(setting, problems, async (session) => {
      chromium ||= await browserVersion(session.cdp);
      // Each run starts on a fresh profile: its first load is a first visit.
      firstLoad.push(await longTasksBetween(session.page, 0, await pageNow(session.page)));
      ingest.push(await measureIngest(session, paths));
      await photoShown(session.page);
      for (let g = 0; g < PLAN.zoomGesturesPerRun; g++)
        zoom.push(await zoomAndPan(session.page, session.cdp));
      if (run < PLAN.markSequenceRuns) {
        log(`  "Mark the whole sequence" (${run + 1} of ${PLAN.markSequenceRuns})`);
        marking.push(await markWholeSequence(session.page, paths.length));
      }
    });
  }

  log('worker: detection + tracking per 12 MP photo, 1000-image analysis');
  const { markers, analysis, nodeOnPhoto } = await inHarness(setting, async (page) => ({
    markers: await measureMarkers(
      page,
      steps.slice(0, PLAN.markerPhotos),
      paths.slice(0, PLAN.markerPhotos),
    ),
    analysis: await measureAnalysis(page, largeSequence(PLAN.analysisImages), PLAN.analysisRuns),
    // The reference: the same core in Node on one of these photos' own pixels.
    nodeOnPhoto: coreOnPhoto(
      await decodedInPage(page, paths[1]!),
      steps[0]!.fiducials,
      PLAN.nodeOnPhotoRuns,
    ),
  }));

  log('edited point to updated charts, then the strain overlay and the flip book');
  const project = projectFile(steps, setting.work);
  const { edit, overlay } = await withApp(setting, problems, async (session) => ({
    edit: await measureEdit(session.page, steps, paths, project, PLAN.edits),
    overlay: await measureOverlay(
      session.page,
      session.cdp,
      steps.map((step) => step.name),
      PLAN.overlayGestures,
      PLAN.flipBookPlays,
    ),
  }));

  log(`a ${PLAN.largeProjectPhotos}-photo project: adding and storing, then reopening`);
  const largePaths = aliasPhotos(paths, PLAN.largeProjectPhotos, join(setting.work, 'large'));
  const large = await measureLargeProject(
    executablePath,
    appUrl,
    largePaths,
    PLAN.largeProjectReloads,
  );
  log(`a project file of ${PLAN.hugeProjectImages} marked images: opening it, typing a travel`);
  const huge = await measureHugeProject(
    executablePath,
    appUrl,
    setting.work,
    PLAN.hugeProjectImages,
    PLAN.hugeProjectRuns,
  );

  log('accuracy on synthetic renders, and the core in Node (scripts/bench/imagingFigures.ts)');
  const centroid = centroidFigures();
  const strain = strainFigures();
  const shadow = shadowFigures();
  const dotSet = dotSetFigures();
  const demo = demoFigures();
  const nodeTiming = timingFigures();

  return {
    chromium,
    problems: [...new Set(problems)],
    measurements: {
      photos: PLAN.photos,
      photoBytes: photos.bytes,
      ingest,
      zoom,
      marking,
      markers,
      nodeOnPhoto,
      analysis,
      analysisImages: PLAN.analysisImages,
      edit,
      overlay,
      large,
      largeCount: PLAN.largeProjectPhotos,
      huge,
      budgets,
      budgetLines,
      observed,
      firstLoad,
      lighthouse,
      centroid,
      strain,
      shadow,
      dotSet,
      demo,
      nodeTiming,
    },
  };
}
