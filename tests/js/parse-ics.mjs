#!/usr/bin/env node
// Independent iCalendar reader for Gorag's tests: parses .ics files with ical.js (a parser
// that shares no code with the generator) and prints what it understood as ONE JSON object.
//
//   node tests/js/parse-ics.mjs FILE.ics [FILE2.ics ...]
//
// stdout: {"files": {"<path as given>": {"calname", "events": [...], "timezones": [...]}}}
// Each event: uid, summary, start, end, allDay, status, sequence, url, categories, rrule, occurrences
// (local start day of each time, RRULE expanded), alarms, tzid.
//   start/end: all-day -> "YYYY-MM-DD"; timed -> the resolved instant in UTC, "YYYY-MM-DDTHH:MM:SSZ";
//   floating (no TZID, no Z) -> local "YYYY-MM-DDTHH:MM:SS" without "Z" (no instant exists).
// Exit status 1 with a message on stderr (and nothing on stdout) if any file cannot be read or
// ical.js throws, if a file does not hold exactly one VCALENDAR, or if a TZID has no VTIMEZONE in
// the same file (RFC 5545 3.2.19; ical.js would otherwise silently treat the time as floating).
// Exit status 2 on wrong usage.

import { readFileSync } from "node:fs";
import ICAL from "ical.js";

function fail(message, status = 1) {
  process.stderr.write(`parse-ics: ${message}\n`);
  process.exit(status);
}

function pad(n, width = 2) {
  return String(n).padStart(width, "0");
}

function timeToString(time, what) {
  if (time === null || time === undefined) {
    return null;
  }
  if (time.isDate) {
    return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
  }
  if (time.zone === ICAL.Timezone.localTimezone) {
    // Floating time: ical.js found neither "Z" nor a TZID. There is no instant to report.
    return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
  }
  const unix = time.toUnixTime();
  if (!Number.isFinite(unix)) {
    throw new Error(`${what}: cannot resolve ${time.toString()} to an instant`);
  }
  return new Date(unix * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function checkTzid(prop, known, where) {
  if (!prop) {
    return null;
  }
  const tzid = prop.getParameter("tzid");
  if (tzid === null || tzid === undefined) {
    return null;
  }
  if (!known.has(tzid)) {
    throw new Error(`${where}: TZID=${tzid} has no VTIMEZONE in this file`);
  }
  return tzid;
}

function firstValue(component, name) {
  const value = component.getFirstPropertyValue(name);
  return value === undefined ? null : value;
}

function readFile(path) {
  const text = readFileSync(path, "utf8");
  let jcal;
  try {
    jcal = ICAL.parse(text);
  } catch (err) {
    throw new Error(`ical.js could not parse it: ${err && err.message ? err.message : err}`);
  }
  // ICAL.parse returns one jCal component, or an array when the text holds several.
  if (jcal.length > 0 && Array.isArray(jcal[0])) {
    throw new Error(`expected exactly one VCALENDAR, found ${jcal.length}`);
  }
  const vcalendar = new ICAL.Component(jcal);
  if (vcalendar.name !== "vcalendar") {
    throw new Error(`top-level component is ${vcalendar.name.toUpperCase()}, not VCALENDAR`);
  }

  // Each file stands alone: forget the zones of the previous file, then register this file's zones
  // so every TZID-qualified time resolves through them.
  ICAL.TimezoneService.reset();
  const timezones = [];
  for (const vtimezone of vcalendar.getAllSubcomponents("vtimezone")) {
    const tz = new ICAL.Timezone(vtimezone);
    if (!tz.tzid) {
      throw new Error("VTIMEZONE without TZID");
    }
    ICAL.TimezoneService.register(tz);
    timezones.push(tz.tzid);
  }
  const known = new Set(timezones);

  const calname = firstValue(vcalendar, "x-wr-calname") ?? firstValue(vcalendar, "name");

  const events = vcalendar.getAllSubcomponents("vevent").map((vevent, index) => {
    const event = new ICAL.Event(vevent);
    const where = `VEVENT #${index + 1} (UID ${event.uid ?? "missing"})`;
    const tzid = checkTzid(vevent.getFirstProperty("dtstart"), known, `${where} DTSTART`);
    checkTzid(vevent.getFirstProperty("dtend"), known, `${where} DTEND`);
    const start = event.startDate;
    // ICAL.Event.endDate: DTEND, else DTSTART + DURATION, else DTSTART + 1 day (all-day) or DTSTART.
    const end = start ? event.endDate : null;
    const categories = [];
    for (const prop of vevent.getAllProperties("categories")) {
      for (const value of prop.getValues()) {
        categories.push(String(value));
      }
    }
    const rrule = vevent.getFirstPropertyValue("rrule");
    // The days each time starts on, in the event's own time zone, as ical.js expands the RRULE
    // (at most 1000 times).
    const occurrences = [];
    if (start) {
      const times = event.iterator();
      for (let next = times.next(); next && occurrences.length < 1000; next = times.next()) {
        occurrences.push(`${pad(next.year, 4)}-${pad(next.month)}-${pad(next.day)}`);
      }
    }
    return {
      uid: event.uid ?? null,
      summary: event.summary ?? null,
      start: timeToString(start, `${where} DTSTART`),
      end: timeToString(end, `${where} DTEND`),
      allDay: start ? Boolean(start.isDate) : false,
      status: firstValue(vevent, "status"),
      sequence: firstValue(vevent, "sequence"),
      url: firstValue(vevent, "url"),
      categories,
      rrule: rrule ? rrule.toString() : null,
      occurrences,
      alarms: vevent.getAllSubcomponents("valarm").length,
      tzid,
    };
  });

  return { calname, events, timezones };
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  fail("usage: node tests/js/parse-ics.mjs FILE.ics [FILE2.ics ...]", 2);
}

const files = {};
const errors = [];
for (const path of paths) {
  try {
    files[path] = readFile(path);
  } catch (err) {
    errors.push(`${path}: ${err && err.message ? err.message : err}`);
  }
}
if (errors.length > 0) {
  fail(errors.join("\nparse-ics: "));
}
process.stdout.write(JSON.stringify({ files }) + "\n");
