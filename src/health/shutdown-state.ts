import { Injectable } from '@nestjs/common';

/** Set when SIGTERM arrives, so readiness turns 503 and load balancers stop sending work. */
@Injectable()
export class ShutdownState {
  stopping = false;
}
