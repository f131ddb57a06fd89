import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { Repository } from 'typeorm';
import { ffmpeg, probe, runFfmpeg } from '../../rendering/ffmpeg';
import { JobsService } from '../../queue/jobs.service';
import { FileStorage } from '../../storage/file-storage';
import { MediaFile } from './media-file.entity';

declare module '../../queue/job-types' {
  interface JobPayloads {
    /** Makes a media file's thumbnail or poster frame and reads its dimensions and duration. */
    'media.preview': { fileId: string };
  }
}

const THUMBNAIL_SIZE = 320;
/** Decoding bombs (a tiny file that claims a gigantic canvas) are refused, not rendered. */
const MAX_INPUT_PIXELS = 100_000_000;

interface Preview {
  thumbnail?: Buffer;
  width: number | null;
  height: number | null;
  durationSeconds: number | null;
}

/**
 * After a file arrives, a job makes its thumbnail (images, with sharp) or poster frame (videos,
 * with ffmpeg) and reads its dimensions and duration. The thumbnail key is derived from the file
 * id, so a job that runs twice overwrites rather than duplicates.
 */
@Injectable()
export class MediaPreviewProcessor implements OnModuleInit {
  private readonly logger = new Logger('MediaPreview');

  constructor(
    private readonly jobs: JobsService,
    private readonly storage: FileStorage,
    @InjectRepository(MediaFile) private readonly files: Repository<MediaFile>,
  ) {}

  onModuleInit(): void {
    this.jobs.register('media.preview', async (job) => {
      const file = await this.files.findOneBy({ id: job.payload.fileId });
      if (!file) return { skipped: 'the file was deleted' };
      let preview: Preview;
      try {
        preview = await this.makePreview(file);
      } catch (error) {
        // A file that cannot be decoded will not decode on a retry: record it and finish.
        this.logger.warn(`No preview for ${file.id} (${file.mimeType}): ${(error as Error).message}`);
        await this.files.update({ id: file.id }, { previewStatus: 'failed' });
        return { previewStatus: 'failed', reason: (error as Error).message };
      }
      const thumbnailKey = preview.thumbnail ? `${file.storageKey}.thumb.webp` : null;
      if (preview.thumbnail && thumbnailKey) await this.storage.put(thumbnailKey, Readable.from([preview.thumbnail]));
      const { affected } = await this.files.update(
        { id: file.id },
        { thumbnailKey, width: preview.width, height: preview.height, durationSeconds: preview.durationSeconds, previewStatus: thumbnailKey ? 'ready' : 'none' },
      );
      // Deleted while we worked: do not leave its thumbnail behind.
      if (!affected && thumbnailKey) await this.storage.delete(thumbnailKey);
      return { previewStatus: thumbnailKey ? 'ready' : 'none', width: preview.width, height: preview.height, durationSeconds: preview.durationSeconds };
    });
  }

  private async makePreview(file: MediaFile): Promise<Preview> {
    if (file.kind === 'image') return this.imagePreview(file);
    if (file.kind === 'video' || file.kind === 'audio') return this.timedPreview(file);
    return { width: null, height: null, durationSeconds: null };
  }

  private async imagePreview(file: MediaFile): Promise<Preview> {
    const source = sharp({ limitInputPixels: MAX_INPUT_PIXELS, animated: false });
    const reading = pipeline(await this.storage.get(file.storageKey), source);
    const [metadata, thumbnail] = await Promise.all([
      source.clone().metadata(),
      source.clone().rotate().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 80 }).toBuffer(),
      reading,
    ]);
    const rotated = (metadata.orientation ?? 1) >= 5;
    return { thumbnail, width: (rotated ? metadata.height : metadata.width) ?? null, height: (rotated ? metadata.width : metadata.height) ?? null, durationSeconds: null };
  }

  /** ffprobe and ffmpeg want a seekable file (an MP4's index may sit at its end): copy to a temporary one. */
  private async timedPreview(file: MediaFile): Promise<Preview> {
    const directory = await mkdtemp(join(tmpdir(), 'webox-preview-'));
    try {
      const input = join(directory, 'input');
      await pipeline(await this.storage.get(file.storageKey), createWriteStream(input));
      const facts = await probe(input);
      if (file.kind === 'audio' || !facts.hasVideo) return { width: null, height: null, durationSeconds: facts.durationSeconds };
      const frame = join(directory, 'frame.png');
      const at = facts.durationSeconds ? Math.min(1, facts.durationSeconds / 3) : 0;
      await runFfmpeg(ffmpeg(input).seekInput(at).frames(1).outputOptions(['-vf', `scale=w=${THUMBNAIL_SIZE}:h=${THUMBNAIL_SIZE}:force_original_aspect_ratio=decrease`]).output(frame));
      const thumbnail = await sharp(await readFile(frame)).webp({ quality: 80 }).toBuffer();
      return { thumbnail, width: facts.width, height: facts.height, durationSeconds: facts.durationSeconds };
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }
}
