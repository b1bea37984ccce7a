import { describe, expect, it } from 'vitest';
import { sliceCodePoints } from '../text-positions.ts';
import { cuesToTranscript, parseSrt, parseVtt } from './captions.ts';

const vtt = `WEBVTT - interview SM03

NOTE recorded on Teams

1
00:00:01.000 --> 00:00:04.500 align:start
<v Interviewer>How has the reorganisation
affected your programme?</v>

2
00:00:05.000 --> 00:00:09.000
<v.loud Jane Doe>It was hard &amp; slow 😀.</v>

00:00:09.000 --> 00:01:02.250
<v Jane Doe>We had <i>no</i> time.</v>

01:03.000 --> 01:04.000
Interviewer: Thank you.
`;

describe('WebVTT captions', () => {
  it('turns cues into speaker turns with times, merging one speaker’s consecutive cues', () => {
    const cues = parseVtt(vtt, 'sm03.vtt');
    expect(cues.map((c) => [c.number, c.speaker, c.startMs, c.endMs])).toEqual([
      [1, 'Interviewer', 1000, 4500],
      [2, 'Jane Doe', 5000, 9000],
      [3, 'Jane Doe', 9000, 62250],
      [4, 'Interviewer', 63000, 64000],
    ]);
    const { content, turns } = cuesToTranscript(cues);
    expect(content).toBe('Interviewer: How has the reorganisation affected your programme?\n\nJane Doe: It was hard & slow 😀. We had no time.\n\nInterviewer: Thank you.');
    expect(turns.map((t) => [t.speaker, sliceCodePoints(content, t.start, t.end), t.startMs, t.endMs])).toEqual([
      ['Interviewer', 'How has the reorganisation affected your programme?', 1000, 4500],
      ['Jane Doe', 'It was hard & slow 😀. We had no time.', 5000, 62250],
      ['Interviewer', 'Thank you.', 63000, 64000],
    ]);
  });

  it('keeps cues without a speaker as turns of their own', () => {
    const { turns } = cuesToTranscript(parseVtt('WEBVTT\n\n00:01.000 --> 00:02.000\nOne.\n\n00:02.000 --> 00:03.000\nTwo.', 'x.vtt'));
    expect(turns.map((t) => [t.speaker, t.startMs])).toEqual([['', 1000], ['', 2000]]);
  });

  it.each([
    ['a missing header', 'Hello\n\n00:01.000 --> 00:02.000\nx', 'x.vtt: line 1 must start with "WEBVTT"'],
    ['a bad timestamp', 'WEBVTT\n\n00:01.000 --> 00:02.000\nok\n\n00:03.000 --> 00:0x.000\nbad', 'cue 2 (line 6) has a time that is not valid: "00:0x.000"'],
    ['minutes over 59', 'WEBVTT\n\nid\n00:61.000 --> 00:62.000\nbad', 'cue 1 (line 4) has a time that is not valid: "00:61.000"'],
    ['an end before the start', 'WEBVTT\n\n00:05.000 --> 00:04.000\nbackwards', 'cue 1 (line 3) ends (00:00:04.000) before it starts (00:00:05.000)'],
    ['a missing blank line', 'WEBVTT\n\n00:01.000 --> 00:02.000\none\n00:02.000 --> 00:03.000\ntwo', 'cue 1 runs into the next cue at line 5: a blank line is missing'],
    ['a cue straight after the header', 'WEBVTT\n00:01.000 --> 00:02.000\none', 'cue 1 (line 2) follows the WEBVTT header without a blank line'],
    ['an identifier without timing', 'WEBVTT\n\n00:01.000 --> 00:02.000\nfine\n\nlonely identifier', 'cue 2 (line 6) has an identifier but no timing line'],
    ['no timing arrow', 'WEBVTT\n\nid\n00:01.000 00:02.000\ntext', 'cue 1 (line 4) has no valid timing line'],
    ['no cues at all', 'WEBVTT\n\nNOTE nothing here', 'the file has no cues'],
  ])('refuses %s, naming the cue and line', (_case, text, message) => {
    expect(() => parseVtt(text, 'x.vtt')).toThrow(message);
    expect(() => parseVtt(text, 'x.vtt')).toThrow('Nothing was imported.');
  });
});

describe('SubRip captions', () => {
  const srt = '1\r\n00:00:01,000 --> 00:00:03,000\r\nSM05: We lost <b>two</b> staff.\r\n\r\n2\r\n00:00:03,500 --> 00:00:05,000\r\nSM05: And the budget.\r\n\r\n3\r\n00:00:06,000 --> 00:00:07,000\r\nInterviewer: I see.\r\n';

  it('reads numbered cues, speaker prefixes and comma decimals', () => {
    const { content, turns } = cuesToTranscript(parseSrt(srt, 'sm05.srt'));
    expect(content).toBe('SM05: We lost two staff. And the budget.\n\nInterviewer: I see.');
    expect(turns.map((t) => [t.speaker, t.startMs, t.endMs])).toEqual([['SM05', 1000, 5000], ['Interviewer', 6000, 7000]]);
  });

  it.each([
    ['a missing cue number', 'one\n00:00:01,000 --> 00:00:02,000\nx', 'cue 1 (line 1) should start with its number'],
    ['a bad timestamp', '1\n00:00:01,000 --> 00:00:02,000\nx\n\n2\n00:00:0A,000 --> 00:00:04,000\ny', 'cue 2 (line 6) has a time that is not valid: "00:00:0A,000"'],
    ['an end before the start', '1\n00:00:09,000 --> 00:00:02,000\nx', 'cue 1 (line 2) ends (00:00:02.000) before it starts (00:00:09.000)'],
    ['a missing blank line', '1\n00:00:01,000 --> 00:00:02,000\nx\n2\n00:00:03,000 --> 00:00:04,000\ny', 'cue 1 runs into the next cue at line 5'],
  ])('refuses %s, naming the cue and line', (_case, text, message) => {
    expect(() => parseSrt(text, 'x.srt')).toThrow(message);
  });
});
