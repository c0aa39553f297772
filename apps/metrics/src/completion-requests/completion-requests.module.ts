import { Module } from '@nestjs/common';
import { CompletionRequestsController } from './completion-requests.controller';
import { CompletionRequestsService } from './completion-requests.service';

@Module({
  controllers: [CompletionRequestsController],
  providers: [CompletionRequestsService],
})
export class CompletionRequestsModule {}
