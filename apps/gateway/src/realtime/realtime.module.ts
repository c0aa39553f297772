import { Module } from '@nestjs/common';
import { RealtimeProxy } from './realtime-proxy';
import { RealtimeRecording } from './realtime-recording';

/** WebSocket sessions (the Realtime API), forwarded and recorded beside the HTTP proxy. */
@Module({ providers: [RealtimeProxy, RealtimeRecording] })
export class RealtimeModule {}
