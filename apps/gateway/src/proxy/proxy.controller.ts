import { All, Controller, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { UpstreamProxy } from './upstream-proxy';

/** Every OpenAI API route, whatever the method or path: the backend answers, not the gateway. */
@Controller('v1')
export class ProxyController {
  constructor(private readonly upstream: UpstreamProxy) {}

  @All('*path')
  forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.upstream.forward(req, res);
  }
}
