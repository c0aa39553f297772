import { Module } from '@nestjs/common';
import { ProxyModule } from '../proxy/proxy.module';
import { RealtimeProxy } from './realtime-proxy';
import { RealtimeRecording } from './realtime-recording';

/** WebSocket sessions (the Realtime API), forwarded and recorded beside the HTTP proxy. */
@Module({
  imports: [ProxyModule],
  providers: [RealtimeProxy, RealtimeRecording],
})
export class RealtimeModule {}
