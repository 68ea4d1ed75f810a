import type { Route } from '../state/store.js';

export interface ScreenProps {
  readonly route: Route;
  readonly width: number;
  readonly height: number;
}
