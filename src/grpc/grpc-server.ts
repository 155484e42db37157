import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation } from 'grpc-health-check';
import { TokenAuthenticator } from '../common/auth/token-authenticator.js';
import { APP_CONFIG } from '../config/config.token.js';
import type { AppConfig } from '../config/config.types.js';
import { loadFedwatchProtos, loadHealthProto } from './proto-loader.js';
import { isStreamMethod, streamHandler, unaryHandler, type GrpcMethod } from './grpc-method.js';

/**
 * The gRPC server on its own port: fedwatch services registered by their modules, the standard
 * `grpc.health.v1.Health` service and server reflection (both open, like /healthz).
 */
@Injectable()
export class GrpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('gRPC');
  private readonly server = new Server();
  private readonly fedwatchProtos = loadFedwatchProtos();
  private readonly health = new HealthImplementation({ '': 'NOT_SERVING' });
  private readonly registered = new Map<string, Record<string, GrpcMethod>>();
  private port: number | null = null;
  private readonly openStreams = new Set<AbortController>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TokenAuthenticator) private readonly auth: TokenAuthenticator,
  ) {}

  /** Called by modules in `onModuleInit`; `name` is the full service name, e.g. `fedwatch.v1.SystemService`. */
  register(name: string, methods: Record<string, GrpcMethod>): void {
    const definition = this.fedwatchProtos[name] as ServiceDefinition | undefined;
    if (!definition || 'format' in definition) {
      throw new Error(`gRPC service ${name} is not defined in proto/fedwatch/v1`);
    }
    for (const method of Object.keys(definition)) {
      if (!methods[method]) throw new Error(`gRPC service ${name} has no handler for ${method}`);
    }
    this.registered.set(name, methods);
  }

  get boundPort(): number | null {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const [name, methods] of this.registered) {
      const implementation: UntypedServiceImplementation = {};
      for (const [method, spec] of Object.entries(methods)) {
        implementation[method] = isStreamMethod(spec)
          ? streamHandler(spec, this.auth, this.openStreams)
          : unaryHandler(spec, this.auth);
      }
      this.server.addService(this.fedwatchProtos[name] as ServiceDefinition, implementation);
      this.health.setStatus(name, 'SERVING');
    }
    this.health.addToServer(this.server);
    new ReflectionService({ ...this.fedwatchProtos, ...loadHealthProto() }).addToServer(this.server);
    const address = `${this.config.httpHost.includes(':') ? `[${this.config.httpHost}]` : this.config.httpHost}:${this.config.grpcPort}`;
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) =>
        err ? reject(new Error(`cannot listen for gRPC on ${address}: ${err.message}`)) : resolve(port),
      ),
    );
    this.health.setStatus('', 'SERVING');
    this.logger.log({ msg: 'gRPC listening', host: this.config.httpHost, port: this.port });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.health.setStatus('', 'NOT_SERVING');
    for (const name of this.registered.keys()) this.health.setStatus(name, 'NOT_SERVING');
    const graceMs = this.config.shutdownGraceSeconds * 1000;
    for (const stream of this.openStreams) stream.abort();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
