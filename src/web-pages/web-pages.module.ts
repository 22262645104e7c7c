import { Module } from '@nestjs/common';
import { ScreenNoticeController } from './screen-notice.controller';
import { WebPagesController } from './web-pages.controller';

/** Serves the screens' pages and what their banner says (their scripts and styles are static assets under /assets). */
@Module({ controllers: [WebPagesController, ScreenNoticeController] })
export class WebPagesModule {}
