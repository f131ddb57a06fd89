import type { BuiltInToolDto } from './dto/tool-catalog.dto';
import type { Tool } from './tool';

/** A registered tool as the agent editor lists it: what it is called, does and takes, not how it runs. */
export const toBuiltInToolDto = ({ name, description, parameters }: Tool): BuiltInToolDto => ({ name, description, parameters });
