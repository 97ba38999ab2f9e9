import { json } from '@sveltejs/kit';
import { searchAirports } from '#lib/carbon/airport-search.ts';
import type { RequestHandler } from './$types';

/** Airports for the flight form's suggestions: by code, or by the country's name. */
export const GET: RequestHandler = ({ url }) =>
  json(searchAirports((url.searchParams.get('q') ?? '').slice(0, 40)), {
    headers: { 'cache-control': 'private, max-age=3600' },
  });
