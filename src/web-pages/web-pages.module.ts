import { Module } from '@nestjs/common';
import { WebPagesController } from './web-pages.controller';

/** Serves the ward display, handheld and index pages (their scripts and styles are static assets under /assets). */
@Module({ controllers: [WebPagesController] })
export class WebPagesModule {}
