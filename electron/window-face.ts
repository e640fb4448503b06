/**
 * The desktop window as a face of the engine. Each page load is a new face, as each WebSocket is for the
 * browser: when the window starts loading a page (first load, reload, after a crash) the old page's face ends —
 * its terminals with it — and a new one begins, its events queued until the page says ready, starting with the
 * snapshot. The face session itself is the one the WebSocket uses (provisioning/server/face-session.ts).
 */
import type { EngineEvent } from '../provisioning/contract/events.ts';
import type { EngineService } from '../provisioning/server/engine-service.ts';
import type { Face } from '../provisioning/server/face.ts';
import { openFaceSession, type Dispatch, type FaceSession } from '../provisioning/server/face-session.ts';

export interface WindowFaceOptions {
  engine: EngineService;
  dispatcherFor: (face: Face) => Dispatch;
  /** Carries one event to the window's page. */
  send: (event: EngineEvent) => void;
  log: (line: string) => void;
}

export class WindowFace {
  private session: FaceSession | undefined;

  constructor(private readonly options: WindowFaceOptions) {}

  /** The face of the page the window shows now; none while no page is loading or loaded. */
  get current(): FaceSession | undefined {
    return this.session;
  }

  /** The window started loading a page: the previous page's face ends, the new page's begins. */
  pageLoading(): void {
    this.end();
    const { engine, dispatcherFor, send, log } = this.options;
    let opened: FaceSession | undefined;
    opened = openFaceSession({
      engine,
      dispatcherFor,
      send,
      // The window's own page: a local shell is offered to it.
      onThisMachine: true,
      onOverflow: () => {
        if (!opened || this.session !== opened) return;
        log('picket: the window never said it was ready and fell too far behind; reload it (Ctrl+R)');
        this.end();
      },
    });
    this.session = opened;
  }

  /** The window's page is gone (closed, or its renderer crashed). */
  end(): void {
    this.session?.close();
    this.session = undefined;
  }
}
