-- Gold views of the pipelines sample (PipelinesFlights), over the silver streaming table defined in Java.
-- Each statement is sent as a SQL graph element (DefineSqlGraphElements) and recomputed on every run.

CREATE MATERIALIZED VIEW gold_delay_by_state
COMMENT 'Departures and departure delay (minutes) per origin state'
AS SELECT origin_state AS state,
       count(*) AS flights,
       round(avg(delay), 2) AS avg_delay_min,
       max(delay) AS max_delay_min
FROM silver_flights
GROUP BY origin_state;

CREATE MATERIALIZED VIEW gold_delay_by_day
COMMENT 'Departures, average delay and share of departures more than 15 minutes late, per day'
AS SELECT CAST(ts AS DATE) AS day,
       count(*) AS flights,
       round(avg(delay), 2) AS avg_delay_min,
       round(100.0 * avg(CASE WHEN delay > 15 THEN 1 ELSE 0 END), 1) AS pct_delayed_over_15
FROM silver_flights
GROUP BY CAST(ts AS DATE);
