// Hand-written training files for the import tests. Times are given by the
// caller so each test has sessions of its own.
import type { FileIdMesg, SessionMesg } from '@garmin/fitsdk';
import { Encoder, Profile } from '@garmin/fitsdk';

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');
const plus = (d: Date, seconds: number) => new Date(d.getTime() + seconds * 1000);

/** A GPX track of a run: four points 10 minutes apart along a meridian, with heart rate. */
export function gpxRun(start: Date, name = 'Morning run'): string {
  // 0.01° of latitude is about 1.112 km.
  const points = [0, 1, 2, 3].map(
    (i) => `      <trkpt lat="${(51.5 + i * 0.01).toFixed(4)}" lon="-0.1200">
        <ele>20</ele>
        <time>${iso(plus(start, i * 600))}</time>
        <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${140 + i * 5}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>
      </trkpt>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="canopy-test" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
  <trk>
    <name>${name}</name>
    <type>running</type>
    <trkseg>
${points.join('\n')}
    </trkseg>
  </trk>
</gpx>
`;
}

/** A TCX ride of two laps: 30 and 15 minutes, 12 and 6 km, heart rate 130 and 160 on average. */
export function tcxRide(start: Date): string {
  const lap = (at: Date, seconds: number, meters: number, avg: number, max: number) => `
      <Lap StartTime="${iso(at)}">
        <TotalTimeSeconds>${seconds}</TotalTimeSeconds>
        <DistanceMeters>${meters}</DistanceMeters>
        <AverageHeartRateBpm><Value>${avg}</Value></AverageHeartRateBpm>
        <MaximumHeartRateBpm><Value>${max}</Value></MaximumHeartRateBpm>
        <Intensity>Active</Intensity>
        <TriggerMethod>Manual</TriggerMethod>
      </Lap>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
  <Activities>
    <Activity Sport="Biking">
      <Id>${iso(start)}</Id>${lap(start, 1800, 12000, 130, 150)}${lap(plus(start, 1800), 900, 6000, 160, 178)}
    </Activity>
  </Activities>
</TrainingCenterDatabase>
`;
}

/** A FIT activity file with one 40-minute swim session, made with Garmin's own encoder. */
export function fitSwim(start: Date): Buffer {
  const encoder = new Encoder();
  const fileId: FileIdMesg = {
    type: 'activity',
    manufacturer: 'development',
    product: 0,
    serialNumber: 1234,
    timeCreated: start,
  };
  encoder.onMesg(Profile.MesgNum.FILE_ID!, fileId);
  const session: SessionMesg = {
    timestamp: plus(start, 2400),
    startTime: start,
    totalElapsedTime: 2400,
    totalTimerTime: 2400,
    totalDistance: 2000,
    avgHeartRate: 128,
    maxHeartRate: 152,
    sport: 'swimming',
    messageIndex: 0,
  };
  encoder.onMesg(Profile.MesgNum.SESSION!, session);
  return Buffer.from(encoder.close());
}
