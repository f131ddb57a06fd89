import { Injectable } from '@nestjs/common';
import type { JobContext } from '../../../queue/jobs.service';
import type { EbookJobInput } from '../generation-inputs';
import { describeError, fileStem, GenerationTools } from '../generation-tools';
import { JobOutputs } from '../job-outputs';
import { Book, bookEpub, bookPdf } from './book';
import { bracketed } from './model-answer';
import { OFFLINE_BYLINE, offlineChapter, offlineOutline } from './offline-writer';

/**
 * An eBook: the text model writes an outline, then each chapter (progress per chapter), the
 * image model draws a cover, and the book is assembled as a PDF and/or an EPUB 3.
 */
@Injectable()
export class EbookPipeline {
  constructor(private readonly tools: GenerationTools) {}

  async run(job: JobContext<'generation.ebook'>, outputs: JobOutputs): Promise<JobOutputs> {
    const input: EbookJobInput = job.payload;
    const offline = input.textModel.startsWith('local/');
    const write = (prompt: string) =>
      this.tools.write(job, input.textModel, [
        { role: 'system', content: `You are writing a book titled "${input.title}" about: ${input.subject}. Write in the language whose code is "${input.language}", in a ${input.tone} tone.` },
        { role: 'user', content: prompt },
      ]);

    await job.progress(2, 'Writing the outline');
    const titles = offline
      ? offlineOutline(input.subject, input.chapters, input.language)
      : parseOutline(await write(`Give the titles of exactly ${input.chapters} chapters for this book, as a JSON array of strings and nothing else.`), input.chapters);

    const chapters: Book['chapters'] = [];
    for (const [index, title] of titles.entries()) {
      await job.progress(5 + (70 * index) / titles.length, `Writing chapter ${index + 1} of ${titles.length}: ${title}`);
      const text = offline
        ? offlineChapter(input.subject, title, index, input.tone, input.language)
        : await write(`Write chapter ${index + 1}, "${title}", of the book (the chapters are: ${titles.map((t, i) => `${i + 1}. ${t}`).join('; ')}). 400 to 900 words, plain paragraphs; "## " for sections and "- " for lists are allowed; do not repeat the chapter title.`);
      chapters.push({ title, text });
    }

    await job.progress(76, 'Drawing the cover');
    const coverModel = this.tools.registry.model(input.coverModel, 'image', 'coverModel');
    let cover: Book['cover'];
    try {
      const asset = await this.tools.image(job, coverModel, { prompt: `Book cover illustration for "${input.title}": ${input.subject}. No text.`, ...GenerationTools.closestSize(coverModel, 2 / 3) });
      if (asset.mimeType === 'image/png' || asset.mimeType === 'image/jpeg') cover = { data: asset.data, mimeType: asset.mimeType };
    } catch (error) {
      if (job.signal.aborted) return outputs;
      // A book without a cover is still a book: say so, and go on.
      outputs.fail(input.formats.length, `The cover could not be drawn: ${describeError(error)}`);
    }

    const book: Book = { title: input.title, subject: input.subject, language: input.language, byline: offline ? (OFFLINE_BYLINE[input.language.slice(0, 2)] ?? OFFLINE_BYLINE['en']!) : `Written with ${input.textModel} in Webox`, chapters, cover };
    const origin = { generator: 'ebook', model: input.textModel, prompt: input.subject, title: input.title, chapters: chapters.length, coverModel: input.coverModel };
    const stem = fileStem(input.title, 'ebook');
    for (const [index, format] of input.formats.entries()) {
      if (job.signal.aborted) return outputs;
      await job.progress(85 + index * 7, `Assembling the ${format.toUpperCase()}`);
      const data = format === 'pdf' ? await bookPdf(book) : await bookEpub(book);
      await outputs.save(index, `${stem}.${format}`, { data }, { ...origin, format });
    }
    return outputs;
  }
}

/** The chapter titles from a model's answer: a JSON array if there is one, else its non-empty lines. */
export function parseOutline(answer: string, count: number): string[] {
  let titles: string[] = [];
  const array = bracketed(answer);
  if (array) {
    try {
      const parsed: unknown = JSON.parse(array);
      if (Array.isArray(parsed)) titles = parsed.map((item) => (typeof item === 'string' ? item : typeof item === 'object' && item && 'title' in item ? String(item.title) : '')).filter(Boolean);
    } catch {
      titles = [];
    }
  }
  if (!titles.length) titles = answer.split('\n').map((line) => line.replace(/^\s*(\d+[.)]|[-*])\s*/, '').replace(/^chapter \d+:?\s*/i, '').trim()).filter((line) => line && line.length < 150);
  // The trailing run from its first character only (see mcp-tool-name.ts): a title from JSON has no length limit.
  titles = titles.map((title) => title.replace(/^["'\s]+|(?<!["'\s])["'\s]+$/g, '').slice(0, 150)).slice(0, count);
  while (titles.length < count) titles.push(`Chapter ${titles.length + 1}`);
  return titles;
}
