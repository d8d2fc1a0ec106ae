/**
 * The lessons of lessons/*.json, bundled by Vite (no fetch: the page works offline), validated and in
 * file-name order. A file that fails validation is left out of LESSONS and its problems are listed in
 * LESSON_ERRORS (`file: field: what is wrong`), for the page to show to the instructor who wrote it.
 */
import { validateLesson, type Lesson } from './lesson-schema';

const files = import.meta.glob<unknown>('../../lessons/*.json', { eager: true, import: 'default' });

const loaded = Object.keys(files)
  .sort()
  .map((path) => {
    const file = path.replace(/^.*\//, '');
    return { file, data: files[path], errors: validateLesson(files[path], file) };
  });

export const LESSONS: readonly Lesson[] = loaded
  .filter((l) => l.errors.length === 0)
  .map((l) => l.data as Lesson);
export const LESSON_ERRORS: readonly string[] = loaded.flatMap((l) => l.errors);
