import { All, Controller, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Proxied } from './proxied.decorator';
import { ProxiedRequest } from './proxied-request';
import { UpstreamProxy } from './upstream-proxy';

/** Every OpenAI API route, whatever the method or path: the backend answers, not the gateway. */
@Controller('v1')
export class ProxyController {
  constructor(private readonly upstream: UpstreamProxy) {}

  /** `@Res()` tells Nest that the response is the proxy's to send. */
  @All('*path')
  forward(@Res() _res: Response, @Proxied() request: ProxiedRequest): void {
    this.upstream.forward(request);
  }
}
