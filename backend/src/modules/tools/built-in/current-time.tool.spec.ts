import { CurrentTimeTool } from './current-time.tool';

describe('CurrentTimeTool', () => {
  const tool = new CurrentTimeTool();
  tool.clock = () => new Date('2025-07-14T22:30:05.000Z');
  const now = async (timeZone?: string) => JSON.parse((await tool.run(timeZone === undefined ? {} : { timeZone })).content) as Record<string, string>;

  it('answers UTC by default', async () => {
    expect(await now()).toEqual({ utc: '2025-07-14T22:30:05.000Z', timeZone: 'UTC', localDate: '2025-07-14', localTime: '22:30:05', weekday: 'Monday', utcOffset: '+00:00', local: '2025-07-14T22:30:05+00:00' });
  });

  it.each([
    ['Europe/Paris', '2025-07-15', '00:30:05', 'Tuesday', '+02:00'],
    ['America/New_York', '2025-07-14', '18:30:05', 'Monday', '-04:00'],
    ['Asia/Kolkata', '2025-07-15', '04:00:05', 'Tuesday', '+05:30'],
    ['Pacific/Chatham', '2025-07-15', '11:15:05', 'Tuesday', '+12:45'],
  ])('gives the local date, time, weekday and offset in %s', async (timeZone, localDate, localTime, weekday, utcOffset) => {
    expect(await now(timeZone)).toMatchObject({ timeZone, localDate, localTime, weekday, utcOffset, local: `${localDate}T${localTime}${utcOffset}` });
  });

  it('knows summer from winter', async () => {
    tool.clock = () => new Date('2025-01-14T12:00:00.000Z');
    expect(await now('Europe/Paris')).toMatchObject({ localTime: '13:00:00', utcOffset: '+01:00' });
    tool.clock = () => new Date('2025-07-14T22:30:05.000Z');
  });

  it('summarises for the user', async () => {
    await expect(tool.run({ timeZone: 'Europe/Paris' })).resolves.toMatchObject({ summary: 'Tuesday 2025-07-15 00:30 (Europe/Paris, UTC+02:00)' });
  });

  it('corrects the case of a zone name', async () => {
    expect(await now('europe/paris')).toMatchObject({ timeZone: 'Europe/Paris' });
  });

  it('names an unknown zone in its error', async () => {
    await expect(tool.run({ timeZone: 'Mars/Olympus_Mons' })).rejects.toThrow('Unknown time zone "Mars/Olympus_Mons"');
  });
});
