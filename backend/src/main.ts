import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { createApp } from './app.factory';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { DatabaseConnection } from './database/database.module';
import { startEmbeddedPostgres } from './database/embedded-postgres';
import { quietStartUp } from './logger-options';

async function bootstrap(): Promise<void> {
  const config = new AppConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const database = { url: config.databaseUrl ?? embedded!.url, embedded: !!embedded };

  const http = config.runsApi ? await createApp(config, database) : undefined;
  const app = http ?? (await startWorkerOnly(config, database));
  const logger = new Logger('Webox');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: finishing in-flight requests and jobs`);
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutMs + 5_000).unref();
    await app.close();
    await embedded?.stop();
    clearTimeout(force);
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  if (http) {
    await http.listen(config.port, config.host);
    logger.log(`Webox ${config.version} listening on http://localhost:${config.port} ${JSON.stringify(config.describe())}`);
  } else {
    logger.log(`Webox worker started ${JSON.stringify(config.describe())}`);
  }
}

/** WEBOX_ROLE=worker: the same modules without the HTTP server; it only consumes the queue. */
async function startWorkerOnly(config: AppConfig, database: DatabaseConnection): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config, database), { bufferLogs: true });
  context.useLogger(quietStartUp(context.get(PinoLogger)));
  return context.init();
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
