import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from './data-source-options';
import { Seeder } from './seeder';

export interface DatabaseConnection {
  url: string;
  embedded: boolean;
}

/** The connection (migrations run as it opens) and the `Seeder`, which every area may register seeds with. */
@Module({})
export class DatabaseModule {
  static forRoot(connection: DatabaseConnection): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      imports: [TypeOrmModule.forRoot({ ...dataSourceOptions(connection), autoLoadEntities: true, migrationsRun: true })],
      providers: [Seeder],
      exports: [Seeder],
    };
  }
}
