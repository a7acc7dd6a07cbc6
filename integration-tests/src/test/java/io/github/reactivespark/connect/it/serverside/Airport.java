package io.github.reactivespark.connect.it.serverside;

import java.io.Serializable;

/** A bean of vega-datasets' airports.csv, for {@code Encoders.bean(Airport.class)}. */
public class Airport implements Serializable {
  private static final long serialVersionUID = 1L;

  private String iata;
  private String name;
  private String city;
  private String state;
  private String country;
  private double latitude;
  private double longitude;

  public String getIata() {
    return iata;
  }

  public void setIata(String iata) {
    this.iata = iata;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public String getCity() {
    return city;
  }

  public void setCity(String city) {
    this.city = city;
  }

  public String getState() {
    return state;
  }

  public void setState(String state) {
    this.state = state;
  }

  public String getCountry() {
    return country;
  }

  public void setCountry(String country) {
    this.country = country;
  }

  public double getLatitude() {
    return latitude;
  }

  public void setLatitude(double latitude) {
    this.latitude = latitude;
  }

  public double getLongitude() {
    return longitude;
  }

  public void setLongitude(double longitude) {
    this.longitude = longitude;
  }
}
