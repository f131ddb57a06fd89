/**
 * Events the server pushes over socket.io: mirrors the gateway's `ClientEventMap`
 * (backend/src/realtime/client-events.ts) until the contract carries socket events.
 */
export interface JobProgressEvent {
  id: string;
  name: string;
  status: string;
  /** 0 to 100. */
  progress: number;
  step: string | null;
  error: string | null;
}

export interface ServerEventMap {
  'job.progress': JobProgressEvent;
}

export type ServerToClientEvents = { [E in keyof ServerEventMap]: (payload: ServerEventMap[E]) => void };
