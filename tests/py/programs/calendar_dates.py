# Date arithmetic with datetime (no clock access): weekdays, deltas, formatting, calendars.
import datetime as dt, calendar
d = dt.date(2024, 2, 28)
for i in range(4):
    x = d + dt.timedelta(days=i)
    print(x, x.strftime("%a %d %b %Y"), x.isoweekday(), x.timetuple().tm_yday, x.isocalendar())
print(dt.date(2000, 1, 1).weekday(), (dt.date(2024, 12, 25) - dt.date(2024, 1, 1)).days, dt.date.fromisoformat("2023-07-04").toordinal())
print([y for y in range(1896, 1920) if calendar.isleap(y)], calendar.leapdays(1900, 2000), calendar.monthrange(2023, 2))
print(calendar.month(2024, 2))
t = dt.datetime(2021, 3, 14, 1, 59, 26, 535897)
print(t, t.isoformat(), t.replace(microsecond=0), t + dt.timedelta(hours=25, minutes=1), t.strftime("%H:%M:%S.%f %p %j"))
delta = dt.timedelta(days=1, hours=-1, seconds=3601.5)
print(delta, delta.total_seconds(), repr(delta), dt.timedelta(weeks=2) // dt.timedelta(days=3), -dt.timedelta(minutes=1))
tz = dt.timezone(dt.timedelta(hours=5, minutes=30), "IST")
aware = dt.datetime(2020, 6, 1, 12, 0, tzinfo=tz)
print(aware, aware.utcoffset(), aware.tzname(), aware.astimezone(dt.timezone.utc), aware.timestamp())
print(dt.datetime.fromtimestamp(0, dt.timezone.utc), dt.datetime(1970, 1, 2, tzinfo=dt.timezone.utc).timestamp())
print(dt.datetime.strptime("2022-11-05 17:30", "%Y-%m-%d %H:%M"), dt.date(2024, 1, 31).replace(day=29), dt.time(23, 59).isoformat())
for bad in [lambda: dt.date(2023, 2, 29), lambda: dt.date(2024, 13, 1), lambda: dt.datetime.strptime("x", "%Y"), lambda: dt.date.fromisoformat("2024-1-1")]:
    try:
        bad()
    except ValueError as e:
        print("ValueError:", e)
def add_months(d, n):
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return d.replace(year=y, month=m, day=min(d.day, calendar.monthrange(y, m)[1]))
print([str(add_months(dt.date(2023, 1, 31), k)) for k in range(0, 14, 3)])
fridays13 = [str(dt.date(2024, m, 13)) for m in range(1, 13) if dt.date(2024, m, 13).weekday() == 4]
print(fridays13, dt.date.max, dt.date.min, dt.timedelta.max)
