import { Component } from '@angular/core';
import { ActivatedRoute } from '@angular/router';
import { DomSanitizer, SafeHtml } from '@angular/platform-browser';

@Component({ selector: 'app-banner', template: '<div [innerHTML]="banner"></div>' })
export class BannerComponent {
  banner: SafeHtml;

  constructor(route: ActivatedRoute, sanitizer: DomSanitizer) {
    const message = route.snapshot.queryParamMap.get('message') ?? '';
    this.banner = sanitizer.bypassSecurityTrustHtml(message);
  }
}
