package io.github.reactivespark.connect.samples.stateful;

import java.io.Serializable;
import java.sql.Timestamp;

/** One replayed flight ({@code StreamingFlights.SCHEMA}), for {@code Encoders.bean(Flight.class)}. */
public class Flight implements Serializable {
  private static final long serialVersionUID = 1L;

  private Timestamp ts;
  private Integer delay;
  private String origin;
  private String destination;

  public Timestamp getTs() {
    return ts;
  }

  public void setTs(Timestamp ts) {
    this.ts = ts;
  }

  public Integer getDelay() {
    return delay;
  }

  public void setDelay(Integer delay) {
    this.delay = delay;
  }

  public String getOrigin() {
    return origin;
  }

  public void setOrigin(String origin) {
    this.origin = origin;
  }

  public String getDestination() {
    return destination;
  }

  public void setDestination(String destination) {
    this.destination = destination;
  }
}
