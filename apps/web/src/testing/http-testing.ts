import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ProviderToken } from '@angular/core';
import { TestBed } from '@angular/core/testing';

/** A data-access service on a real HttpClient, with the test playing the API. */
export function withApi<T>(service: ProviderToken<T>): { api: T; http: HttpTestingController } {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  return { api: TestBed.inject(service), http: TestBed.inject(HttpTestingController) };
}
